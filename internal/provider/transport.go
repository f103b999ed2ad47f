package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The provider block's transport security options and limits. They are
// mapped onto the client's Config with the other settings, so the clients
// that oneroster_connection builds for its own credentials use them too.
const (
	attrCACertPEM          = "ca_cert_pem"
	attrInsecureSkipVerify = "insecure_skip_verify"
	attrAllowInsecureHTTP  = "allow_insecure_http"
	attrMaxResponseBytes   = "max_response_bytes"
)

// minMaxResponseBytes is the smallest max_response_bytes accepted: one
// page of a few records.
const minMaxResponseBytes = 64 << 10

// transportModel holds the transport options of the provider block;
// embedded in providerModel.
type transportModel struct {
	CACertPEM          types.String `tfsdk:"ca_cert_pem"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
	AllowInsecureHTTP  types.Bool   `tfsdk:"allow_insecure_http"`
	MaxResponseBytes   types.Int64  `tfsdk:"max_response_bytes"`
}

func transportAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		attrCACertPEM: schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Extra trusted root certificates, PEM-encoded (e.g. `file(\"district-ca.pem\")`), added to the system's roots: " +
				"for servers whose certificate the district's own CA signed. TLS 1.2 is the minimum version in any case.",
			Validators: []validator.String{caCertPEMCheck},
		},
		attrInsecureSkipVerify: schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Skip verifying the server's TLS certificate. Only for diagnosing a broken certificate chain: anyone on the network path " +
				"can then read the credentials. Prefer `ca_cert_pem`. Every plan warns while it is set.",
		},
		attrAllowInsecureHTTP: schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Allow `http://` base and token URLs on hosts other than loopback (`localhost`, `127.0.0.0/8`, `::1`), which send the " +
				"credentials unencrypted. Defaults to `false`: such URLs are refused. Applies to `oneroster_connection` resources too.",
		},
		attrMaxResponseBytes: schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("The largest answer body, in bytes, the provider reads from the server (error bodies stop at 64 KiB anyway). "+
				"Defaults to %d (%d MiB), far above any real page: a server that streams without end fails with an error naming this setting "+
				"instead of filling the memory. Raise it only for pages that really are larger (a big `page_size` of records with many fields). "+
				"Applies to `oneroster_connection` resources too.", oneroster.DefaultMaxResponseBytes, oneroster.DefaultMaxResponseBytes>>20),
			Validators: []validator.Int64{int64validator.AtLeast(minMaxResponseBytes)},
		},
	}
}

// settings maps the transport options onto a client Config.
func (m transportModel) settings() (oneroster.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	t := oneroster.Config{
		CACertPEM:          m.CACertPEM.ValueString(),
		InsecureSkipVerify: m.InsecureSkipVerify.ValueBool(),
		AllowInsecureHTTP:  m.AllowInsecureHTTP.ValueBool(),
	}
	// Unknown or unset: the client's default.
	if !m.MaxResponseBytes.IsNull() && !m.MaxResponseBytes.IsUnknown() {
		t.MaxResponseBytes = m.MaxResponseBytes.ValueInt64()
	}
	if t.InsecureSkipVerify {
		diags.AddAttributeWarning(path.Root(attrInsecureSkipVerify), "TLS certificate verification is off",
			"insecure_skip_verify = true: the provider accepts any certificate, so anyone on the network path can read the OneRoster credentials "+
				"and the roster data. Use it only to diagnose a certificate problem; to trust a district's own CA, set ca_cert_pem instead.")
	}
	return t, diags
}

// endpointURL is a URL the client will send credentials to, with the
// attribute it came from.
type endpointURL struct {
	attr path.Path
	raw  string
	kind urlKind
}

// urlKind tells which of the client's rules a URL setting follows.
type urlKind int

const (
	urlToken   urlKind = iota // an OAuth endpoint: any path, a query allowed
	urlBase                   // base_url: no query, not a 1.2 gradebook or resources URL
	urlService                // gradebook_base_url, resources_base_url: no query
)

// authEndpoints lists the token endpoint of auth, if it has one, against
// the attribute it comes from.
func authEndpoints(auth oneroster.Auth) []endpointURL {
	switch a := auth.(type) {
	case *oneroster.OAuth2ClientCredentials:
		if a.TokenURL == "" {
			return []endpointURL{{attr: path.Root(attrOAuth2ClientCredentials).AtName("authorization_url"), raw: a.AuthorizationURL}}
		}
		return []endpointURL{{attr: path.Root(attrOAuth2ClientCredentials).AtName("token_url"), raw: a.TokenURL}}
	case *oneroster.OAuth2Password:
		return []endpointURL{{attr: path.Root(attrOAuth2Password).AtName("token_url"), raw: a.TokenURL}}
	}
	return nil
}

// checkEndpoints checks the URLs a client is about to be built with, so
// that a mistake is reported against the attribute (values from variables
// known late, or from the environment, never met the validators) and not
// in the client's own terms. Then it applies checkPlainHTTP.
func checkEndpoints(cfg oneroster.Config, endpoints []endpointURL) diag.Diagnostics {
	var diags diag.Diagnostics
	var valid []endpointURL
	for _, e := range endpoints {
		if err := checkEndpointURL(e.raw, e.kind); err != nil {
			diags.AddAttributeError(e.attr, "Invalid URL", fmt.Sprintf("%s %s.", e.attr, err))
			continue
		}
		valid = append(valid, e)
	}
	return append(diags, checkPlainHTTP(cfg.AllowInsecureHTTP, valid)...)
}

// checkPlainHTTP refuses http:// URLs to hosts other than loopback unless
// allow_insecure_http is set, naming the attribute at fault. The rule is
// the client's (oneroster.PlainHTTPOffLoopback), which New applies again;
// checking it here first names the attribute, even at validate time.
func checkPlainHTTP(allowInsecureHTTP bool, endpoints []endpointURL) diag.Diagnostics {
	var diags diag.Diagnostics
	if allowInsecureHTTP {
		return diags
	}
	for _, e := range endpoints {
		if oneroster.PlainHTTPOffLoopback(e.raw) {
			diags.AddAttributeError(e.attr, "Plain HTTP refused",
				fmt.Sprintf("%s is %s: plain http:// to a host other than loopback would send the OneRoster credentials unencrypted. "+
					"Use the server's https:// URL, or, on a network you trust, set allow_insecure_http = true in the provider block.",
					e.attr, oneroster.DisplayURL(e.raw)))
		}
	}
	return diags
}

// plainHTTPValidator refuses, at validate time, the http:// URLs written
// literally in the provider block; values from variables known only later,
// and environment variables, are checked in Configure.
type plainHTTPValidator struct{}

var _ provider.ConfigValidator = plainHTTPValidator{}

func (plainHTTPValidator) Description(context.Context) string {
	return "base_url and token URLs must use https:// unless the host is loopback or allow_insecure_http is true"
}

func (v plainHTTPValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (plainHTTPValidator) ValidateProvider(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var allow types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(attrAllowInsecureHTTP), &allow)...)
	if resp.Diagnostics.HasError() || allow.IsUnknown() || allow.ValueBool() {
		return
	}
	var endpoints []endpointURL
	add := func(p path.Path, kind urlKind) {
		var v types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, p, &v)...)
		// A URL its own validator refuses gets that one error only.
		if !v.IsNull() && !v.IsUnknown() && checkEndpointURL(v.ValueString(), kind) == nil {
			endpoints = append(endpoints, endpointURL{attr: p, raw: v.ValueString(), kind: kind})
		}
	}
	add(path.Root("base_url"), urlBase)
	for _, attr := range serviceURLAttrs {
		add(path.Root(attr), urlService)
	}
	add(path.Root(attrOAuth2ClientCredentials).AtName("token_url"), urlToken)
	add(path.Root(attrOAuth2ClientCredentials).AtName("authorization_url"), urlToken)
	add(path.Root(attrOAuth2Password).AtName("token_url"), urlToken)
	resp.Diagnostics.Append(checkPlainHTTP(false, endpoints)...)
}

// caCertPEMCheck checks that ca_cert_pem holds readable certificates.
var caCertPEMCheck = stringCheck{
	description: "must hold one or more PEM-encoded certificates",
	summary:     "Invalid ca_cert_pem",
	problem: func(p path.Path, v string) string {
		if err := oneroster.CheckCACertPEM(v); err != nil {
			return fmt.Sprintf("%s %s. Use the CA's certificate file, e.g. ca_cert_pem = file(\"district-ca.pem\").", p, err)
		}
		return ""
	},
}
