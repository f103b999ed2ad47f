package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The four ways to authenticate against a OneRoster server. The provider
// block and every oneroster_connection take exactly one of them, with the
// same attributes, so the attributes are described once (authMethods) and
// rendered into both schema packages.
//
// In oneroster_connection every sensitive field also has a write-only twin,
// <name>_wo, with a <name>_wo_version that tells Terraform when the value
// changed (write-only values never reach the plan or state, so Terraform
// cannot compare them). The provider block has no twins: provider
// configuration is never stored in the first place.
const (
	attrOAuth1                  = "oauth1"
	attrOAuth2ClientCredentials = "oauth2_client_credentials"
	attrOAuth2Password          = "oauth2_password"
	attrBearerToken             = "bearer_token"
)

var authAttributeNames = []string{attrOAuth1, attrOAuth2ClientCredentials, attrOAuth2Password, attrBearerToken}

// authBlockList names the auth blocks for messages: "oauth1,
// oauth2_client_credentials, oauth2_password and bearer_token".
func authBlockList(conjunction string) string {
	n := len(authAttributeNames)
	return strings.Join(authAttributeNames[:n-1], ", ") + " " + conjunction + " " + authAttributeNames[n-1]
}

// authField is one attribute of an auth block.
type authField struct {
	name        string
	description string
	// sensitive fields are marked Sensitive, and get write-only twins in
	// oneroster_connection.
	sensitive bool
	list      bool // a list of strings (scopes)
	// required in a oneroster_connection block; in the provider block every
	// field is optional because it may come from envVar instead.
	required bool
	// envVar is the environment variable the provider block falls back to;
	// this table is the one place that names them.
	envVar string
	// allowed, when set, are the only values the field takes.
	allowed []string
	// checks are the field's other validators (URL rules).
	checks []validator.String
}

// validators check a configured value; resolve checks values from the
// environment against allowed too.
func (f authField) validators() []validator.String {
	vs := slices.Clone(f.checks)
	if f.allowed != nil {
		vs = append(vs, stringvalidator.OneOf(f.allowed...))
	}
	return vs
}

type authMethodSchema struct {
	attribute   string
	description string
	fields      []authField
}

var (
	clientAuthField = authField{
		name: "client_auth", envVar: "ONEROSTER_CLIENT_AUTH",
		description: "How the client credentials reach the token endpoint: `basic` (HTTP Basic, RFC 6749 2.3.1), " +
			"`body` (form parameters, as some vendors require) or `auto` (try Basic, then the body). Defaults to `auto`.",
		allowed: []string{string(oneroster.ClientAuthAuto), string(oneroster.ClientAuthBasic), string(oneroster.ClientAuthBody)},
	}
	scopesField = authField{
		name: "scopes", list: true, envVar: "ONEROSTER_SCOPES",
		description: "Scopes to request, as full URIs (e.g. `https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly`); " +
			"sent space-separated. When empty, no scope is requested and the server grants its default. " +
			"In the provider block, `ONEROSTER_SCOPES` may list them space- or comma-separated.",
	}
	tokenURLField = authField{
		name: "token_url", envVar: "ONEROSTER_TOKEN_URL",
		description: "The OAuth 2 token endpoint. Its query string (e.g. `?appName=district`) is kept; messages and logs show only the values of `appName`, " +
			"`grant_type` and `scope`.",
		checks: []validator.String{endpointURLCheck(urlToken)},
	}
)

var authMethods = []authMethodSchema{
	{
		attribute:   attrOAuth1,
		description: "OAuth 1.0a two-legged signing (the OneRoster 1.1 default): a consumer key and secret, no token.",
		fields: []authField{
			{name: "consumer_key", required: true, envVar: "ONEROSTER_CONSUMER_KEY", description: "The OAuth 1.0a consumer key."},
			{name: "consumer_secret", required: true, sensitive: true, envVar: "ONEROSTER_CONSUMER_SECRET", description: "The OAuth 1.0a consumer secret."},
			{
				name:        "signature_method",
				envVar:      "ONEROSTER_SIGNATURE_METHOD",
				description: "`HMAC-SHA256` (the 1EdTech security framework, the default) or `HMAC-SHA1` (many older deployments).",
				allowed:     []string{string(oneroster.HMACSHA256), string(oneroster.HMACSHA1)},
			},
		},
	},
	{
		attribute:   attrOAuth2ClientCredentials,
		description: "OAuth 2.0 client credentials grant (OneRoster 1.1 since 2022, and 1.2).",
		fields: []authField{
			{name: "client_id", required: true, envVar: "ONEROSTER_CLIENT_ID", description: "The OAuth 2 client id."},
			{name: "client_secret", required: true, sensitive: true, envVar: "ONEROSTER_CLIENT_SECRET", description: "The OAuth 2 client secret."},
			tokenURLField,
			{
				name:   "authorization_url",
				envVar: "ONEROSTER_AUTHORIZATION_URL",
				description: "Used as the token endpoint when `token_url` is not set: vendor forms often ask for an \"authorization URL\" that is really the " +
					"token endpoint.",
				checks: []validator.String{endpointURLCheck(urlToken)},
			},
			scopesField,
			clientAuthField,
		},
	},
	{
		attribute:   attrOAuth2Password,
		description: "OAuth 2.0 resource-owner password grant, for servers that issue tokens to a service account.",
		fields: []authField{
			{name: "username", required: true, envVar: "ONEROSTER_USERNAME", description: "The service account's username."},
			{name: "password", required: true, sensitive: true, envVar: "ONEROSTER_PASSWORD", description: "The service account's password."},
			tokenURLField,
			{name: "client_id", envVar: "ONEROSTER_CLIENT_ID", description: "The OAuth 2 client id, when the server requires one with the password grant."},
			{
				name:        "client_secret",
				sensitive:   true,
				envVar:      "ONEROSTER_CLIENT_SECRET",
				description: "The OAuth 2 client secret, when the server requires one.",
			},
			scopesField,
			clientAuthField,
		},
	},
	{
		attribute: attrBearerToken,
		description: "A fixed access token issued by someone else, sent as `Authorization: Bearer …` with no token endpoint: " +
			"ClassLink's OneRoster proxy hands one to each application. Nothing refreshes it; a 401 means it was revoked.",
		fields: []authField{
			{name: "token", required: true, sensitive: true, envVar: "ONEROSTER_BEARER_TOKEN", description: "The access token."},
		},
	},
}

// authFieldOf returns the field of an auth method.
func authFieldOf(method, name string) authField {
	for _, m := range authMethods {
		if m.attribute != method {
			continue
		}
		for _, f := range m.fields {
			if f.name == name {
				return f
			}
		}
	}
	panic("auth: no field " + method + "." + name) // a typo in this file
}

// envVarOf names the environment variable of an auth method's field.
func envVarOf(method, name string) string { return authFieldOf(method, name).envVar }

func (f authField) providerAttribute() pschema.Attribute {
	desc := f.description
	if f.envVar != "" {
		desc += fmt.Sprintf(" Falls back to `%s`.", f.envVar)
	}
	if f.list {
		return pschema.ListAttribute{ElementType: types.StringType, Optional: true, Description: desc, MarkdownDescription: desc}
	}
	return pschema.StringAttribute{Optional: true, Sensitive: f.sensitive, Description: desc, MarkdownDescription: desc, Validators: f.validators()}
}

// Suffixes of the write-only twin of a sensitive field and of its version.
const (
	writeOnlySuffix        = "_wo"
	writeOnlyVersionSuffix = "_wo_version"
)

// resourceAttributes renders the field for oneroster_connection: one
// attribute, or for a sensitive field three (name, name_wo,
// name_wo_version), of which exactly one of the first two is set when the
// field is required, and at most one when it is not.
func (f authField) resourceAttributes() map[string]rschema.Attribute {
	if f.list {
		return map[string]rschema.Attribute{
			f.name: rschema.ListAttribute{ElementType: types.StringType, Optional: true, Description: f.description, MarkdownDescription: f.description},
		}
	}
	if !f.sensitive {
		return map[string]rschema.Attribute{f.name: rschema.StringAttribute{
			Required: f.required, Optional: !f.required,
			Description: f.description, MarkdownDescription: f.description, Validators: f.validators(),
		}}
	}
	woName, versionName := f.name+writeOnlySuffix, f.name+writeOnlyVersionSuffix
	sibling := func(name string) path.Expression { return path.MatchRelative().AtParent().AtName(name) }
	plainValidators := f.validators()
	plainDesc := f.description + fmt.Sprintf(" Stored in the state (marked sensitive); `%s` keeps it out.", woName)
	if f.required {
		plainValidators = append(plainValidators, stringvalidator.ExactlyOneOf(sibling(woName)))
		plainDesc += fmt.Sprintf(" Exactly one of `%s` and `%s` is required.", f.name, woName)
	} else {
		plainValidators = append(plainValidators, stringvalidator.ConflictsWith(sibling(woName)))
		plainDesc += fmt.Sprintf(" At most one of `%s` and `%s`.", f.name, woName)
	}
	woDesc := fmt.Sprintf("Write-only form of `%s` (Terraform 1.11+, OpenTofu 1.11+): used at plan and apply, never stored in the plan or state. "+
		"Requires `%s`. In this mode refresh cannot re-check the credentials (see the resource description).", f.name, versionName)
	versionDesc := fmt.Sprintf("A number to change whenever `%s` changes (e.g. the secret's rotation count). Terraform cannot see a write-only value change, "+
		"so bumping this plans an update that validates the connection again with the new value.", woName)
	return map[string]rschema.Attribute{
		f.name: rschema.StringAttribute{
			Optional: true, Sensitive: true,
			Description: plainDesc, MarkdownDescription: plainDesc, Validators: plainValidators,
		},
		woName: rschema.StringAttribute{
			Optional: true, Sensitive: true, WriteOnly: true,
			Description: woDesc, MarkdownDescription: woDesc,
			Validators: append(f.validators(), stringvalidator.AlsoRequires(sibling(versionName))),
		},
		versionName: rschema.Int64Attribute{
			Optional: true, Description: versionDesc, MarkdownDescription: versionDesc,
			Validators: []validator.Int64{int64validator.AlsoRequires(sibling(woName))},
		},
	}
}

func providerAuthAttributes() map[string]pschema.Attribute {
	out := map[string]pschema.Attribute{}
	for _, m := range authMethods {
		attrs := map[string]pschema.Attribute{}
		for _, f := range m.fields {
			attrs[f.name] = f.providerAttribute()
		}
		desc := m.description + " Exactly one of `oauth1`, `oauth2_client_credentials`, `oauth2_password` and `bearer_token` is used; when none is set, the " +
			"environment variables decide."
		out[m.attribute] = pschema.SingleNestedAttribute{Optional: true, Attributes: attrs, Description: desc, MarkdownDescription: desc}
	}
	return out
}

func resourceAuthAttributes() map[string]rschema.Attribute {
	out := map[string]rschema.Attribute{}
	for _, m := range authMethods {
		attrs := map[string]rschema.Attribute{}
		for _, f := range m.fields {
			for name, a := range f.resourceAttributes() {
				attrs[name] = a
			}
		}
		desc := m.description + " Exactly one of `oauth1`, `oauth2_client_credentials`, `oauth2_password` and `bearer_token` must be set."
		out[m.attribute] = rschema.SingleNestedAttribute{Optional: true, Attributes: attrs, Description: desc, MarkdownDescription: desc}
	}
	return out
}

func authPathExpressions() []path.Expression {
	out := make([]path.Expression, len(authAttributeNames))
	for i, name := range authAttributeNames {
		out[i] = path.MatchRoot(name)
	}
	return out
}

// Models of the auth blocks, shared by the provider and oneroster_connection.
type oauth1Model struct {
	ConsumerKey     types.String `tfsdk:"consumer_key"`
	ConsumerSecret  types.String `tfsdk:"consumer_secret"`
	SignatureMethod types.String `tfsdk:"signature_method"`
}

type oauth2ClientCredentialsModel struct {
	ClientID         types.String `tfsdk:"client_id"`
	ClientSecret     types.String `tfsdk:"client_secret"`
	TokenURL         types.String `tfsdk:"token_url"`
	AuthorizationURL types.String `tfsdk:"authorization_url"`
	Scopes           types.List   `tfsdk:"scopes"`
	ClientAuth       types.String `tfsdk:"client_auth"`
}

type oauth2PasswordModel struct {
	Username     types.String `tfsdk:"username"`
	Password     types.String `tfsdk:"password"`
	TokenURL     types.String `tfsdk:"token_url"`
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
	Scopes       types.List   `tfsdk:"scopes"`
	ClientAuth   types.String `tfsdk:"client_auth"`
}

type bearerTokenModel struct {
	Token types.String `tfsdk:"token"`
}

// authModel holds the optional auth blocks; embedded in the provider and
// connection models.
type authModel struct {
	OAuth1                  *oauth1Model                  `tfsdk:"oauth1"`
	OAuth2ClientCredentials *oauth2ClientCredentialsModel `tfsdk:"oauth2_client_credentials"`
	OAuth2Password          *oauth2PasswordModel          `tfsdk:"oauth2_password"`
	BearerToken             *bearerTokenModel             `tfsdk:"bearer_token"`
}

// anySet reports whether any auth block is configured.
func (m authModel) anySet() bool {
	return m.OAuth1 != nil || m.OAuth2ClientCredentials != nil || m.OAuth2Password != nil || m.BearerToken != nil
}

// Models of oneroster_connection's auth blocks: the shared fields plus the
// write-only twins of the sensitive ones.
type oauth1ConnectionModel struct {
	oauth1Model
	ConsumerSecretWO        types.String `tfsdk:"consumer_secret_wo"`
	ConsumerSecretWOVersion types.Int64  `tfsdk:"consumer_secret_wo_version"`
}

type oauth2ClientCredentialsConnectionModel struct {
	oauth2ClientCredentialsModel
	ClientSecretWO        types.String `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Int64  `tfsdk:"client_secret_wo_version"`
}

type oauth2PasswordConnectionModel struct {
	oauth2PasswordModel
	PasswordWO            types.String `tfsdk:"password_wo"`
	PasswordWOVersion     types.Int64  `tfsdk:"password_wo_version"`
	ClientSecretWO        types.String `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Int64  `tfsdk:"client_secret_wo_version"`
}

type bearerTokenConnectionModel struct {
	bearerTokenModel
	TokenWO        types.String `tfsdk:"token_wo"`
	TokenWOVersion types.Int64  `tfsdk:"token_wo_version"`
}

// connectionAuthModel is the auth blocks of oneroster_connection.
type connectionAuthModel struct {
	OAuth1                  *oauth1ConnectionModel                  `tfsdk:"oauth1"`
	OAuth2ClientCredentials *oauth2ClientCredentialsConnectionModel `tfsdk:"oauth2_client_credentials"`
	OAuth2Password          *oauth2PasswordConnectionModel          `tfsdk:"oauth2_password"`
	BearerToken             *bearerTokenConnectionModel             `tfsdk:"bearer_token"`
}

// credentials folds each write-only twin into its field, giving the shared
// model that resolve reads. Write-only values are only present when m was
// read from the configuration; from a plan or state they are null, and the
// folded secret is null too.
func (m connectionAuthModel) credentials() authModel {
	var out authModel
	if b := m.OAuth1; b != nil {
		c := b.oauth1Model
		c.ConsumerSecret = preferSet(c.ConsumerSecret, b.ConsumerSecretWO)
		out.OAuth1 = &c
	}
	if b := m.OAuth2ClientCredentials; b != nil {
		c := b.oauth2ClientCredentialsModel
		c.ClientSecret = preferSet(c.ClientSecret, b.ClientSecretWO)
		out.OAuth2ClientCredentials = &c
	}
	if b := m.OAuth2Password; b != nil {
		c := b.oauth2PasswordModel
		c.Password = preferSet(c.Password, b.PasswordWO)
		c.ClientSecret = preferSet(c.ClientSecret, b.ClientSecretWO)
		out.OAuth2Password = &c
	}
	if b := m.BearerToken; b != nil {
		c := b.bearerTokenModel
		c.Token = preferSet(c.Token, b.TokenWO)
		out.BearerToken = &c
	}
	return out
}

// usesWriteOnly reports whether any credential is given write-only (a
// write-only twin requires its version, and versions are stored).
func (m connectionAuthModel) usesWriteOnly() bool {
	set := func(v types.Int64) bool { return !v.IsNull() }
	switch {
	case m.OAuth1 != nil && set(m.OAuth1.ConsumerSecretWOVersion):
		return true
	case m.OAuth2ClientCredentials != nil && set(m.OAuth2ClientCredentials.ClientSecretWOVersion):
		return true
	case m.OAuth2Password != nil && (set(m.OAuth2Password.PasswordWOVersion) || set(m.OAuth2Password.ClientSecretWOVersion)):
		return true
	case m.BearerToken != nil && set(m.BearerToken.TokenWOVersion):
		return true
	}
	return false
}

// preferSet returns plain unless it is null, then the write-only twin.
func preferSet(plain, writeOnly types.String) types.String {
	if plain.IsNull() {
		return writeOnly
	}
	return plain
}

// envLookup reads an environment variable; nil means "no fallbacks", as for
// oneroster_connection, whose credentials are independent of the
// environment.
type envLookup func(string) string

func osEnv(name string) string { return strings.TrimSpace(os.Getenv(name)) }

// stringValue returns the configured value, or the fallback from env.
// known is false when the value is unknown (set from something computed).
func stringValue(v types.String, env envLookup, envVar string) (value string, known bool) {
	if v.IsUnknown() {
		return "", false
	}
	if !v.IsNull() {
		return v.ValueString(), true
	}
	if env != nil && envVar != "" {
		return env(envVar), true
	}
	return "", true
}

func scopesValue(ctx context.Context, v types.List, env envLookup) ([]string, bool, diag.Diagnostics) {
	if v.IsUnknown() {
		return nil, false, nil
	}
	if v.IsNull() {
		if env == nil {
			return nil, true, nil
		}
		return strings.FieldsFunc(env(scopesField.envVar), func(r rune) bool { return r == ' ' || r == ',' }), true, nil
	}
	for _, e := range v.Elements() {
		if e.IsUnknown() {
			return nil, false, nil
		}
	}
	var scopes []string
	diags := v.ElementsAs(ctx, &scopes, false)
	return scopes, true, diags
}

// resolvedAuth is the outcome of reading an auth configuration.
type resolvedAuth struct {
	auth oneroster.Auth
	// unknown is set when some value is not known yet (plan time); auth is
	// nil then.
	unknown bool
}

// selectedAuthMethod decides which method applies: the block that is set,
// or, with env fallbacks and no block, the first method whose identifying
// environment variable is set.
func (m authModel) selectedAuthMethod(env envLookup) (string, diag.Diagnostic) {
	var set []string
	if m.OAuth1 != nil {
		set = append(set, attrOAuth1)
	}
	if m.OAuth2ClientCredentials != nil {
		set = append(set, attrOAuth2ClientCredentials)
	}
	if m.OAuth2Password != nil {
		set = append(set, attrOAuth2Password)
	}
	if m.BearerToken != nil {
		set = append(set, attrBearerToken)
	}
	switch {
	case len(set) == 1:
		return set[0], nil
	case len(set) > 1:
		return "", diag.NewErrorDiagnostic("Conflicting authentication methods",
			fmt.Sprintf("Set exactly one of %s; %s are all set. Remove all but the one your server uses.", authBlockList("and"), strings.Join(set, " and ")))
	}
	if env != nil {
		switch {
		case env(envVarOf(attrOAuth1, "consumer_key")) != "":
			return attrOAuth1, nil
		case env(envVarOf(attrOAuth2Password, "username")) != "":
			return attrOAuth2Password, nil
		case env(envVarOf(attrOAuth2ClientCredentials, "client_id")) != "":
			return attrOAuth2ClientCredentials, nil
		case env(envVarOf(attrBearerToken, "token")) != "":
			return attrBearerToken, nil
		}
	}
	return "", diag.NewErrorDiagnostic("No authentication method configured",
		fmt.Sprintf(
			"Set one of %s, or the environment variables of one of them "+
				"(%s and %s; %s, %s and %s; %s, %s and %s; or %s).",
			authBlockList("or"),
			envVarOf(attrOAuth1, "consumer_key"),
			envVarOf(attrOAuth1, "consumer_secret"),
			envVarOf(attrOAuth2ClientCredentials, "client_id"),
			envVarOf(attrOAuth2ClientCredentials, "client_secret"),
			envVarOf(attrOAuth2ClientCredentials, "token_url"),
			envVarOf(attrOAuth2Password, "username"),
			envVarOf(attrOAuth2Password, "password"),
			envVarOf(attrOAuth2Password, "token_url"),
			envVarOf(attrBearerToken, "token"),
		))
}

// resolve turns the configured (or environment) credentials into the
// client's Auth. Missing required values are reported against their
// attribute path.
func (m authModel) resolve(ctx context.Context, env envLookup) (resolvedAuth, diag.Diagnostics) {
	method, d := m.selectedAuthMethod(env)
	if d != nil {
		return resolvedAuth{}, diag.Diagnostics{d}
	}
	r := &authReader{env: env, method: method}
	var auth oneroster.Auth
	switch method {
	case attrOAuth1:
		auth = r.oauth1(m.OAuth1)
	case attrOAuth2ClientCredentials:
		auth = r.oauth2ClientCredentials(ctx, m.OAuth2ClientCredentials)
	case attrOAuth2Password:
		auth = r.oauth2Password(ctx, m.OAuth2Password)
	case attrBearerToken:
		auth = r.bearerToken(m.BearerToken)
	}
	if r.unknown {
		return resolvedAuth{unknown: true}, r.diags
	}
	return resolvedAuth{auth: auth}, r.diags
}

// authReader reads one authentication method's fields, each from the
// configuration or its environment variable (named in authMethods). It
// notes whether any is unknown yet, and reports missing or invalid ones
// against their attribute path.
type authReader struct {
	env     envLookup
	method  string
	unknown bool
	diags   diag.Diagnostics
}

// field reads the method's field from v or its environment variable.
func (r *authReader) field(v types.String, field string, required bool) string {
	f := authFieldOf(r.method, field)
	envVar := f.envVar
	s, known := stringValue(v, r.env, envVar)
	if !known {
		r.unknown = true
		return ""
	}
	if s != "" && f.allowed != nil && !slices.Contains(f.allowed, s) {
		// Only a value from the environment gets here: the schema
		// validates configured ones.
		r.diags.AddAttributeError(path.Root(r.method).AtName(field), "Invalid "+envVar,
			fmt.Sprintf("%s is %q, which is not a %s.%s: set it to %s, or unset it to use the default.",
				envVar, s, r.method, field, strings.Join(f.allowed, " or ")))
	}
	if required && s == "" {
		hint := ""
		if r.env != nil && envVar != "" {
			hint = fmt.Sprintf(" or the %s environment variable", envVar)
		}
		r.diags.AddAttributeError(path.Root(r.method).AtName(field), "Missing "+field,
			fmt.Sprintf("%s.%s is required: set it in the configuration%s.", r.method, field, hint))
	}
	return s
}

// scopes reads the method's scopes from v or their environment variable.
func (r *authReader) scopes(ctx context.Context, v types.List) []string {
	s, known, d := scopesValue(ctx, v, r.env)
	r.diags.Append(d...)
	if !known {
		r.unknown = true
	}
	return s
}

func (r *authReader) oauth1(b *oauth1Model) oneroster.Auth {
	if b == nil {
		b = &oauth1Model{}
	}
	return &oneroster.OAuth1{
		ConsumerKey:     r.field(b.ConsumerKey, "consumer_key", true),
		ConsumerSecret:  r.field(b.ConsumerSecret, "consumer_secret", true),
		SignatureMethod: oneroster.SignatureMethod(r.field(b.SignatureMethod, "signature_method", false)),
	}
}

// oauth2ClientCredentials reads the grant's fields; it needs a token_url or
// an authorization_url, which some vendor forms use for the token endpoint.
func (r *authReader) oauth2ClientCredentials(ctx context.Context, b *oauth2ClientCredentialsModel) oneroster.Auth {
	if b == nil {
		b = &oauth2ClientCredentialsModel{}
	}
	cc := &oneroster.OAuth2ClientCredentials{
		ClientID:         r.field(b.ClientID, "client_id", true),
		ClientSecret:     r.field(b.ClientSecret, "client_secret", true),
		TokenURL:         r.field(b.TokenURL, "token_url", false),
		AuthorizationURL: r.field(b.AuthorizationURL, "authorization_url", false),
		Scopes:           r.scopes(ctx, b.Scopes),
		ClientAuth:       oneroster.ClientAuth(r.field(b.ClientAuth, "client_auth", false)),
	}
	if !r.unknown && cc.TokenURL == "" && cc.AuthorizationURL == "" {
		r.diags.AddAttributeError(
			path.Root(r.method).AtName("token_url"),
			"Missing token_url",
			r.method+".token_url is required (or authorization_url, which some vendor forms use for the token endpoint): "+
				"set it to the server's OAuth 2 token endpoint"+envHint(r.env, envVarOf(r.method, "token_url"))+".",
		)
	}
	return cc
}

func (r *authReader) oauth2Password(ctx context.Context, b *oauth2PasswordModel) oneroster.Auth {
	if b == nil {
		b = &oauth2PasswordModel{}
	}
	return &oneroster.OAuth2Password{
		Username:     r.field(b.Username, "username", true),
		Password:     r.field(b.Password, "password", true),
		TokenURL:     r.field(b.TokenURL, "token_url", true),
		ClientID:     r.field(b.ClientID, "client_id", false),
		ClientSecret: r.field(b.ClientSecret, "client_secret", false),
		Scopes:       r.scopes(ctx, b.Scopes),
		ClientAuth:   oneroster.ClientAuth(r.field(b.ClientAuth, "client_auth", false)),
	}
}

func (r *authReader) bearerToken(b *bearerTokenModel) oneroster.Auth {
	if b == nil {
		b = &bearerTokenModel{}
	}
	return &oneroster.BearerToken{Token: r.field(b.Token, "token", true)}
}

func envHint(env envLookup, envVar string) string {
	if env == nil {
		return ""
	}
	return " or the " + envVar + " environment variable"
}

// stringList converts Go strings into a Terraform list value.
func stringList(values []string) types.List {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

// checkAuthForService checks credentials against the server they are for,
// before any request, for two mistakes a server only answers with a
// confusing refusal: a token URL that is the API's base URL or under it
// (the token endpoint is not an API path), and scopes that are not full
// URIs (servers compare scopes as whole strings). v is the version the
// client speaks, whose scope catalog suggestions come from.
func checkAuthForService(baseURL string, v oneroster.Version, auth oneroster.Auth) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, e := range authEndpoints(auth) {
		if urlIsAtOrUnder(e.raw, baseURL) {
			diags.AddAttributeError(e.attr, "Token URL inside the API",
				fmt.Sprintf("%s is %s, which is the base_url %s or a path under it. The OAuth 2 token endpoint is not a OneRoster API path: "+
					"set %s to the token endpoint the SIS documents (often on the server's root, e.g. %s).",
					e.attr, oneroster.DisplayTokenURL(e.raw), oneroster.DisplayURL(baseURL), e.attr, exampleTokenURL(baseURL)))
		}
	}
	var method string
	var scopes []string
	switch a := auth.(type) {
	case *oneroster.OAuth2ClientCredentials:
		method, scopes = attrOAuth2ClientCredentials, a.Scopes
	case *oneroster.OAuth2Password:
		method, scopes = attrOAuth2Password, a.Scopes
	}
	for i, scope := range scopes {
		if u, err := url.Parse(scope); err == nil && u.Scheme != "" && u.Host != "" {
			continue
		}
		fix := fmt.Sprintf("Write OneRoster %s scopes in full, like %q.", v.Title(), oneroster.Scopes(v)[0])
		if full, ok := oneroster.FullScope(v, scope); ok {
			fix = fmt.Sprintf("Use %q, its full URI for OneRoster %s.", full, v.Title())
		}
		at := path.Root(method).AtName("scopes").AtListIndex(i)
		diags.AddAttributeError(at, "Scope is not a full URI",
			fmt.Sprintf("%s is %q, which is not a full scope URI: servers compare scopes as whole strings and refuse or ignore a short name. %s",
				at, scope, fix))
	}
	return diags
}

// urlIsAtOrUnder reports whether raw is the URL base or a path under it:
// same scheme, host and port, and a path equal to base's or below it.
// Query strings do not count. A base on the server's root contains every
// path of the server, so nothing counts as under it: such a base URL lacks
// the OneRoster path, which the connection's probes report, naming the fix.
func urlIsAtOrUnder(raw, base string) bool {
	u, err1 := url.Parse(strings.TrimSpace(raw))
	b, err2 := url.Parse(strings.TrimSpace(base))
	if err1 != nil || err2 != nil || u.Host == "" || b.Host == "" {
		return false
	}
	if !strings.EqualFold(u.Scheme, b.Scheme) || !strings.EqualFold(hostPort(u), hostPort(b)) {
		return false
	}
	basePath := strings.TrimSuffix(b.EscapedPath(), "/")
	if basePath == "" {
		return false
	}
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	return p == basePath || strings.HasPrefix(p, basePath+"/")
}

// hostPort is u's host with the scheme's default port when it has none.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "443"
		if strings.EqualFold(u.Scheme, "http") {
			port = "80"
		}
	}
	return u.Hostname() + ":" + port
}

// exampleTokenURL is a token URL on base's server root, for messages.
func exampleTokenURL(base string) string {
	b, err := url.Parse(strings.TrimSpace(base))
	if err != nil || b.Host == "" {
		return "https://sis.example.org/oauth2/token"
	}
	return (&url.URL{Scheme: b.Scheme, Host: b.Host, Path: "/oauth2/token"}).String()
}
