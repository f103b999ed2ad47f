package main

import (
	"bufio"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

func TestRunServesUntilStopped(t *testing.T) {
	out, w := io.Pipe()
	stop := make(chan os.Signal)
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-addr", "127.0.0.1:0", "-users", "40", "-seed", "9", "-hrefs", "tilde", "-unsupported", "demographics=501"}, w, io.Discard, stop)
		_ = w.Close()
	}()
	lines := bufio.NewScanner(out)
	var printed []string
	baseURL := ""
	for baseURL == "" && lines.Scan() {
		printed = append(printed, lines.Text())
		if rest, ok := strings.CutPrefix(lines.Text(), "ready "); ok {
			baseURL = rest
		}
	}
	go func() { // keep draining so that run never blocks on output
		for lines.Scan() {
		}
	}()
	if baseURL == "" {
		t.Fatalf("no ready line in %q", printed)
	}
	all := strings.Join(printed, "\n")
	for _, want := range []string{"token URL: ", "?appName=sandbox", sandbox.BasePathGradebookV1p2, sandbox.BasePathResourcesV1p2, sandbox.ClientID,
		sandbox.ClientSecret, sandbox.ConsumerKey, sandbox.Username, sandbox.ReadOnlyClientID} {
		if !strings.Contains(all, want) {
			t.Errorf("output lacks %q:\n%s", want, all)
		}
	}
	root := strings.TrimSuffix(baseURL, sandbox.BasePath)
	resp, err := http.PostForm(root+sandbox.TokenPath, url.Values{"grant_type": {"client_credentials"},
		"client_id": {sandbox.ClientID}, "client_secret": {sandbox.ClientSecret}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("token endpoint: %d", resp.StatusCode)
	}
	close(stop)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-booleans", "yes"}, {"-hrefs", "relative"}, {"-error-shape", "round"},
		{"-unsupported", "demographics=403"}, {"-unsupported", "demographics"}, {"extra"}, {"-users", "many"},
		{"-posts-unsupported", "403"},
	} {
		if err := run(append([]string{"-addr", "127.0.0.1:0"}, args...), io.Discard, io.Discard, nil); err == nil {
			t.Errorf("run %v: no error", args)
		}
	}
}

func TestParseUnsupported(t *testing.T) {
	got, err := parseUnsupported(" demographics=404, resources=501 ,")
	if err != nil || len(got) != 2 || got["demographics"] != 404 || got["resources"] != 501 {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestParseMounts(t *testing.T) {
	got, err := parseMounts("/aeries/ims/oneroster/v1p1=/ims/oneroster/v1p1, /aeries/token/=/oauth2/token")
	if err != nil || got["/aeries/token"] != "/oauth2/token" || got["/aeries/ims/oneroster/v1p1"] != "/ims/oneroster/v1p1" || len(got) != 2 {
		t.Errorf("parseMounts = %v, %v", got, err)
	}
	for _, bad := range []string{"aeries=/x", "/a", "/a=b"} {
		if _, err := parseMounts(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if err := run([]string{"-token-expiry", "weekly"}, io.Discard, io.Discard, nil); err == nil {
		t.Error("-token-expiry weekly accepted")
	}
}
