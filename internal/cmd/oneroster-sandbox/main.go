// Command oneroster-sandbox serves the sandbox OneRoster 1.1 server (a
// generated district, in memory) until interrupted. `make demo` runs it.
//
// It prints the base URL, the token URL and the sandbox's fixed demo
// credentials, then a line "ready <baseURL>" once it accepts requests, so
// that a script can wait for it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	if err := run(os.Args[1:], os.Stdout, os.Stderr, stop); err != nil {
		fmt.Fprintln(os.Stderr, "oneroster-sandbox:", err)
		os.Exit(2)
	}
}

// run serves until stop delivers (or is closed).
func run(args []string, stdout, stderr io.Writer, stop <-chan os.Signal) error {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	running, err := sandbox.Start(opts)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(stdout, banner(running, opts)); err != nil {
		return errors.Join(err, running.Close())
	}

	<-stop
	return running.Close()
}

// parseFlags reads the sandbox's options from the command line, and checks
// the values the flag package cannot.
func parseFlags(args []string, stderr io.Writer) (sandbox.Options, error) {
	fs := flag.NewFlagSet("oneroster-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		opts        sandbox.Options
		unsupported string
		mounts      string
	)
	defineFlags(fs, &opts, &unsupported, &mounts)
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	if fs.NArg() > 0 {
		return opts, fmt.Errorf("unexpected argument %q; all settings are flags (see -help)", fs.Arg(0))
	}
	if err := checkQuirkChoices(opts.Quirks); err != nil {
		return opts, err
	}
	topics, err := parseUnsupported(unsupported)
	if err != nil {
		return opts, err
	}
	opts.Quirks.Unsupported = topics
	if opts.Quirks.Mounts, err = parseMounts(mounts); err != nil {
		return opts, err
	}
	return opts, nil
}

// defineFlags defines a flag for each option of opts, and the two flags
// read as text first: unsupported topics and mounts.
func defineFlags(fs *flag.FlagSet, opts *sandbox.Options, unsupported, mounts *string) {
	fs.StringVar(&opts.Addr, "addr", "127.0.0.1:8765", "listen address")
	fs.IntVar(&opts.District.Users, "users", sandbox.DefaultUsers, "approximate number of users in the generated district")
	fs.Int64Var(&opts.District.Seed, "seed", 0, "seed of the generated district (same seed and users, same data)")
	fs.DurationVar(&opts.TokenLifetime, "token-lifetime", time.Hour, "lifetime of OAuth 2 access tokens")
	fs.DurationVar(&opts.Quirks.Latency, "latency", 0, "latency added to every request")
	fs.BoolVar(&opts.Quirks.NoLinkHeader, "no-link-header", false, "omit the Link header from collection pages")
	fs.BoolVar(&opts.Quirks.NoTotalCount, "no-total-count", false, "omit the X-Total-Count header from collection pages")
	fs.IntVar(&opts.Quirks.LimitCap, "limit-cap", 0, "silently cap limit at this many records (0: no cap)")
	fs.IntVar(&opts.Quirks.MaxLimit, "max-limit", 0, "answer 400 to a limit above this many records instead of capping it (0: never)")
	fs.BoolVar(&opts.Quirks.CursorPaging, "cursor-paging", false, "ignore offset and link next pages by ?cursor=N")
	fs.BoolVar(&opts.Quirks.ResolveDotSegments, "resolve-dot-segments", false, `resolve "." and ".." path segments (%2E too) before routing, as nginx does`)
	fs.StringVar(&opts.Quirks.Booleans, "booleans", "", `encode booleans as "" (JSON booleans), "string" or "number"`)
	fs.StringVar(&opts.Quirks.Hrefs, "hrefs", "", `reference hrefs: "" (absolute), "tilde" or "none"`)
	fs.BoolVar(&opts.Quirks.Nulls, "nulls", false, "send absent optional fields as null")
	fs.StringVar(&opts.Quirks.ErrorShape, "error-shape", "", `error bodies: "bare", "set" or "flat"`)
	fs.StringVar(unsupported, "unsupported", "", `topics to refuse, as topic=status pairs, e.g. "demographics=404,resources=501"`)
	fs.IntVar(&opts.Quirks.TooManyRequests, "too-many-requests", 0, "answer the first N API requests with 429")
	fs.StringVar(&opts.Quirks.RetryAfter, "retry-after", "1", "Retry-After value sent with 429s")
	fs.BoolVar(&opts.Quirks.SoftDelete, "soft-delete", false, "DELETE marks gradebook records tobedeleted instead of removing them")
	fs.BoolVar(&opts.Quirks.PutNoContent, "put-no-content", false, "PUT answers 204 with no body")
	fs.BoolVar(&opts.Quirks.CaseInsensitiveIDs, "case-insensitive-ids", false, "match sourcedIds whatever their case, answering the stored spelling")
	fs.BoolVar(&opts.Quirks.ClampScores, "clamp-scores", false, "store result scores clamped to their line item's resultValueMin/Max")
	fs.BoolVar(
		&opts.Quirks.AllocateSourcedIDs,
		"allocate-sourced-ids",
		false,
		`1.2 POSTs store new records under ids the server allocates ("result-srv-0001"), not the supplied ones`,
	)
	fs.IntVar(
		&opts.Quirks.PostsUnsupported,
		"posts-unsupported",
		0,
		"answer 1.2 POSTs of sets with this status (404, 405 or 501) instead of serving them (0: serve them)",
	)
	// Vendor quirks (sandbox.VendorQuirks), to try a provider preset
	// locally: e.g. Aeries is -mount /aeries/ims/oneroster/v1p1=/ims/oneroster/v1p1,/aeries/token=/oauth2/token
	// -require-cookies -require-scope.
	v := &opts.Quirks.VendorQuirks
	fs.StringVar(mounts, "mount", "", `serve under other paths, as prefix=target pairs, e.g. "/aeries/token=/oauth2/token"`)
	fs.BoolVar(&v.RequireCookies, "require-cookies", false, "set load-balancer cookies on token responses and require them on API calls")
	fs.StringVar(&v.RequireAppName, "require-app-name", "", "refuse token requests without ?appName=<this>")
	fs.BoolVar(&v.RequireScope, "require-scope", false, "refuse token requests that ask for no scope")
	fs.StringVar(&v.VendorHeader, "vendor-header", "", "require this x-vendor-authorization value on gradebook calls")
	fs.BoolVar(&v.BodyPaging, "body-paging", false, `no Link header; next page in the body's "pagination.next", by cursor`)
	fs.StringVar(&v.TokenExpiry, "token-expiry", "", `token lifetime as "" (numeric expires_in), "string" or "expiration"`)
	fs.StringVar(&v.StaticBearer, "static-bearer", "", "accept this fixed bearer token with every scope")
	fs.StringVar(&v.OAuth1SignatureMethod, "oauth1-signature-method", "", `accept only this OAuth 1.0a signature method ("HMAC-SHA1" or "HMAC-SHA256")`)
}

// checkQuirkChoices checks the quirks that take one of a few values.
func checkQuirkChoices(q sandbox.Quirks) error {
	if err := checkChoice("booleans", q.Booleans, "", sandbox.BooleansString, sandbox.BooleansNumber); err != nil {
		return err
	}
	if err := checkChoice("hrefs", q.Hrefs, "", sandbox.HrefsTilde, sandbox.HrefsNone); err != nil {
		return err
	}
	if err := checkChoice("error-shape", q.ErrorShape, "", sandbox.ErrorShapeBare, sandbox.ErrorShapeSet, sandbox.ErrorShapeFlat); err != nil {
		return err
	}
	if p := q.PostsUnsupported; p != 0 && p != http.StatusNotFound && p != http.StatusMethodNotAllowed && p != http.StatusNotImplemented {
		return fmt.Errorf("-posts-unsupported %d is not 0, 404, 405 or 501", p)
	}
	if err := checkChoice("token-expiry", q.TokenExpiry, "", sandbox.TokenExpiryString, sandbox.TokenExpiryExpiration); err != nil {
		return err
	}
	return nil
}

// banner says what the running sandbox serves, where, and with which
// credentials.
func banner(running *sandbox.Running, opts sandbox.Options) string {
	s := running.Server
	return fmt.Sprintf(`OneRoster 1.1 and 1.2 sandbox: %d active users, %d schools, %d classes, %d enrollments (seed %d)
base URL:  %s
1.2 base URL (rostering, OAuth 2 only): %s
1.2 gradebook and resources:            %s %s
token URL: %s
OAuth 2 client credentials (all scopes):       client_id=%s client_secret=%s
OAuth 2 client credentials (roster-core only): client_id=%s client_secret=%s
OAuth 2 password grant (all scopes):           username=%s password=%s
OAuth 1.0a two-legged (all scopes):            consumer_key=%s consumer_secret=%s
ready %s
`,
		s.Count("users"), s.Count("schools"), s.Count("classes"), s.Count("enrollments"), opts.District.Seed,
		running.BaseURL, running.BaseURLV1p2, running.GradebookBaseURLV1p2, running.ResourcesBaseURLV1p2, running.TokenURL,
		sandbox.ClientID, sandbox.ClientSecret,
		sandbox.ReadOnlyClientID, sandbox.ReadOnlyClientSecret,
		sandbox.Username, sandbox.Password,
		sandbox.ConsumerKey, sandbox.ConsumerSecret,
		running.BaseURL)
}

func checkChoice(flagName, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return fmt.Errorf("-%s %q is not one of %q", flagName, value, allowed[1:])
}

// parseUnsupported reads "topic=status,topic=status".
func parseUnsupported(s string) (map[string]int, error) {
	out := map[string]int{}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		topic, status, ok := strings.Cut(pair, "=")
		code, err := strconv.Atoi(status)
		if !ok || topic == "" || err != nil || (code != 404 && code != 501) {
			return nil, fmt.Errorf("-unsupported %q: want topic=404 or topic=501, e.g. demographics=404", pair)
		}
		out[topic] = code
	}
	return out, nil
}

// parseMounts reads "prefix=target,prefix=target"; both are paths.
func parseMounts(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		prefix, target, ok := strings.Cut(pair, "=")
		if !ok || !strings.HasPrefix(prefix, "/") || !strings.HasPrefix(target, "/") {
			return nil, fmt.Errorf("-mount %q: want prefix=target paths, e.g. /aeries/token=%s", pair, sandbox.TokenPath)
		}
		out[strings.TrimRight(prefix, "/")] = strings.TrimRight(target, "/")
	}
	return out, nil
}
