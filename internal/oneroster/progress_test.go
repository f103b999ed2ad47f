package oneroster_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// levelLogger records every line with its level.
type levelLogger struct {
	mu    sync.Mutex
	lines []levelLine
}

type levelLine struct {
	level, msg string
	fields     map[string]any
}

func (l *levelLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.add("DEBUG", msg, fields)
}
func (l *levelLogger) Info(_ context.Context, msg string, fields map[string]any) {
	l.add("INFO", msg, fields)
}

func (l *levelLogger) add(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, levelLine{level, msg, fields})
}

func (l *levelLogger) info() []levelLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []levelLine
	for _, line := range l.lines {
		if line.level == "INFO" {
			out = append(out, line)
		}
	}
	return out
}

// steppingClock moves on by step at each Now, so that every page of a
// listing looks step apart.
type steppingClock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

func (c *steppingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

func (c *steppingClock) Sleep(ctx context.Context, d time.Duration) error { return ctx.Err() }

// A listing of many pages logs its progress at INFO, every ten pages (or
// when a page comes more than ten seconds after the last line), with the
// server's total, and a summary when it ends; a one-page read logs nothing
// at INFO.
func TestListingLogsProgressAtInfo(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Pages: sandbox.PageOverride{KeepTotalCount: true}})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	users := len(sb.SourcedIDs("users"))
	const pageSize = 2
	pages := (users + pageSize - 1) / pageSize
	if pages < 20 {
		t.Fatalf("the sandbox has %d users: too few pages for the test", users)
	}
	list := func(step time.Duration, pageSize int) *levelLogger {
		logger := &levelLogger{}
		c, err := oneroster.New(oneroster.Config{
			BaseURL: srv.URL + sandbox.BasePath,
			// OAuth 2: OAuth 1.0a would sign with the test's clock.
			Auth:   &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: srv.URL + sandbox.TokenPath},
			Logger: logger, Clock: &steppingClock{now: time.Now(), step: step}, MaxConcurrency: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, err := range oneroster.Users.List(context.Background(), c, oneroster.Users.Top(), oneroster.ListOptions{PageSize: pageSize}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != users {
			t.Fatalf("listed %d users, want %d", n, users)
		}
		return logger
	}

	// A clock that stands still (nearly): a line every ten pages.
	got := list(time.Nanosecond, pageSize).info()
	var want []string
	for page := 10; page <= pages; page += 10 {
		want = append(want, fmt.Sprintf("oneroster: users: %s of %s records, page %d of %d", grouped(page*pageSize), grouped(users), page, pages))
	}
	want = append(want, fmt.Sprintf("oneroster: users: read %s records in %d pages, 0s, 0 retries", grouped(users), pages))
	if len(got) != len(want) {
		t.Fatalf("%d INFO lines, want %d: %v", len(got), len(want), got)
	}
	for i, line := range got {
		if line.msg != want[i] {
			t.Errorf("INFO line %d: %q, want %q", i, line.msg, want[i])
		}
	}
	last := got[len(got)-1].fields
	for key, value := range map[string]any{"collection": "users", "records": users, "pages": pages, "total": users, "retries": int64(0)} {
		if fmt.Sprint(last[key]) != fmt.Sprint(value) {
			t.Errorf("summary field %s = %v, want %v (fields %v)", key, last[key], value, last)
		}
	}

	// Eleven seconds between pages: a line for every page.
	if got := list(11*time.Second, pageSize).info(); len(got) != pages+1 || !strings.HasSuffix(got[0].msg, fmt.Sprintf("page 1 of %d", pages)) {
		t.Errorf("with pages 11 s apart: %d INFO lines (want %d), the first %q", len(got), pages+1, got[0].msg)
	}

	// One page: nothing at INFO.
	if got := list(time.Nanosecond, users+10).info(); len(got) != 0 {
		t.Errorf("a one-page listing logged at INFO: %v", got)
	}
}

// Each HTTP exchange's DEBUG line carries method, URL, status and duration
// in its message, in that order, whatever order a log prints its fields in.
func TestHTTPExchangeLinesHaveAFixedOrder(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	logger := &levelLogger{}
	c, err := oneroster.New(oneroster.Config{
		BaseURL: srv.URL + sandbox.BasePath,
		Auth:    &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: srv.URL + sandbox.TokenPath},
		Logger:  logger, Clock: &steppingClock{now: time.Now(), step: time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range oneroster.Orgs.List(context.Background(), c, oneroster.Orgs.Top(), oneroster.ListOptions{PageSize: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	var exchanges int
	for _, line := range logger.lines {
		if !strings.HasPrefix(line.msg, "oneroster: HTTP exchange") {
			continue
		}
		exchanges++
		f := line.fields
		want := fmt.Sprintf("oneroster: HTTP exchange: %s %s %d in %s", f["method"], f["url"], f["status"], f["duration"])
		if line.msg != want {
			t.Errorf("DEBUG line %q, want %q", line.msg, want)
		}
	}
	if exchanges < 2 {
		t.Errorf("%d HTTP exchange lines, want the token request and a page", exchanges)
	}
}

func grouped(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
