package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/path"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// OneRoster 1.2 publishes its gradebook and resources services beside the
// rostering one (…/rostering/v1p2, …/gradebook/v1p2, …/resources/v1p2),
// and the client derives their base URLs from base_url. These settings,
// on the provider block and on oneroster_connection, are for the vendors
// that host a service elsewhere.
const (
	attrGradebookBaseURL = "gradebook_base_url"
	attrResourcesBaseURL = "resources_base_url"
	// The provider block's fallbacks for them.
	envGradebookBaseURL = "ONEROSTER_GRADEBOOK_BASE_URL"
	envResourcesBaseURL = "ONEROSTER_RESOURCES_BASE_URL"
)

// serviceURLAttrs are the service URL settings, in schema order.
var serviceURLAttrs = []string{attrGradebookBaseURL, attrResourcesBaseURL}

// serviceURLsModel holds the service URL settings; embedded in the
// provider's and oneroster_connection's models.
type serviceURLsModel struct {
	GradebookBaseURL types.String `tfsdk:"gradebook_base_url"`
	ResourcesBaseURL types.String `tfsdk:"resources_base_url"`
}

func serviceURLDescription(attr string) string {
	service, example := "gradebook", "https://grades.example.org/ims/oneroster/gradebook/v1p2"
	if attr == attrResourcesBaseURL {
		service, example = "resources", "https://content.example.org/ims/oneroster/resources/v1p2"
	}
	return "The base URL of the " + service + " service, for vendors that host it away from `base_url`, e.g. `" + example + "`. " +
		"By default it is derived: a OneRoster 1.2 `base_url` ending in `/rostering/v1p2` has that segment swapped for `/" + service + "/v1p2`, " +
		"and any other `base_url` (every 1.1 one) is taken to serve the " + service + " service itself. Credentials are sent there too, so it must use " +
		"https:// like `base_url`."
}

func providerServiceURLAttributes() map[string]providerschema.Attribute {
	out := map[string]providerschema.Attribute{}
	for _, attr := range serviceURLAttrs {
		out[attr] = providerschema.StringAttribute{
			Optional: true, MarkdownDescription: serviceURLDescription(attr) + " Falls back to `" + envVarOfSetting(attr) + "`.",
			Validators: []validator.String{endpointURLCheck(urlService)},
		}
	}
	return out
}

func resourceServiceURLAttributes() map[string]resourceschema.Attribute {
	out := map[string]resourceschema.Attribute{}
	for _, attr := range serviceURLAttrs {
		out[attr] = resourceschema.StringAttribute{
			Optional: true, MarkdownDescription: serviceURLDescription(attr),
			Validators: []validator.String{endpointURLCheck(urlService)},
		}
	}
	return out
}

// apply sets the service URLs on cfg, from the configuration or, with
// env (the provider block), their environment variables; known is false
// while one is not known yet (a client cannot be built before apply then).
func (m serviceURLsModel) apply(cfg *oneroster.Config, env envLookup) (known bool) {
	gradebook, gradebookKnown := stringValue(m.GradebookBaseURL, env, envGradebookBaseURL)
	resources, resourcesKnown := stringValue(m.ResourcesBaseURL, env, envResourcesBaseURL)
	if !gradebookKnown || !resourcesKnown {
		return false
	}
	cfg.GradebookBaseURL, cfg.ResourcesBaseURL = gradebook, resources
	return true
}

// serviceEndpoints lists the service URLs cfg sets (see apply), for the
// checks every URL the client sends credentials to gets (checkEndpoints).
func serviceEndpoints(cfg oneroster.Config) []endpointURL {
	var out []endpointURL
	for _, e := range []endpointURL{
		{attr: path.Root(attrGradebookBaseURL), raw: cfg.GradebookBaseURL, kind: urlService},
		{attr: path.Root(attrResourcesBaseURL), raw: cfg.ResourcesBaseURL, kind: urlService},
	} {
		if e.raw != "" {
			out = append(out, e)
		}
	}
	return out
}
