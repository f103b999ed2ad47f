package oneroster

import (
	"net/url"
	"strings"
)

// ParseLinkHeader reads an RFC 8288 Link header value into a map from
// relation type (lower case) to absolute URL. Targets are resolved against
// base (the request URL) when relative. A link with several relation types
// (rel="next last") is recorded under each; when several links share a
// relation type, the first wins. Malformed links are skipped, not fatal:
// paging falls back to X-Total-Count or to reading until an empty page.
//
// Several Link header fields are equivalent to one field with their values
// joined by commas, so callers pass strings.Join(header.Values("Link"), ",").
func ParseLinkHeader(h string, base *url.URL) map[string]*url.URL {
	links := map[string]*url.URL{}
	p := linkParser{s: h}
	for {
		p.skip(" \t,")
		if p.done() {
			return links
		}
		if p.peek() != '<' {
			// Not a link-value: skip to the next comma outside quotes.
			p.skipLinkValue()
			continue
		}
		p.pos++
		end := strings.IndexByte(p.s[p.pos:], '>')
		if end < 0 {
			return links
		}
		target := strings.TrimSpace(p.s[p.pos : p.pos+end])
		p.pos += end + 1
		rels := p.relations()
		u, err := url.Parse(target)
		if err != nil || len(rels) == 0 {
			continue
		}
		if base != nil {
			u = base.ResolveReference(u)
		}
		for _, rel := range rels {
			if _, seen := links[rel]; !seen {
				links[rel] = u
			}
		}
	}
}

// linkParser walks a Link header value. Quoted strings may hold commas and
// semicolons, so a plain split would cut them.
type linkParser struct {
	s   string
	pos int
}

func (p *linkParser) done() bool { return p.pos >= len(p.s) }
func (p *linkParser) peek() byte { return p.s[p.pos] }

func (p *linkParser) skip(chars string) {
	for !p.done() && strings.IndexByte(chars, p.peek()) >= 0 {
		p.pos++
	}
}

// relations reads the parameters of one link-value, up to the comma that
// ends it, and returns the relation types of its first rel parameter
// (RFC 8288 §3.3: later occurrences of rel are ignored).
func (p *linkParser) relations() []string {
	var rels []string
	relSeen := false
	for {
		p.skip(" \t")
		if p.done() {
			return rels
		}
		switch p.peek() {
		case ',':
			p.pos++
			return rels
		case ';':
			p.pos++
		default:
			// Garbage between parameters: drop this link's remainder.
			p.skipLinkValue()
			return rels
		}
		p.skip(" \t")
		name := p.token()
		p.skip(" \t")
		value := ""
		if !p.done() && p.peek() == '=' {
			p.pos++
			p.skip(" \t")
			if !p.done() && p.peek() == '"' {
				value = p.quoted()
			} else {
				value = p.token()
			}
		}
		if strings.EqualFold(name, "rel") && !relSeen {
			relSeen = true
			for _, rel := range strings.Fields(value) {
				rels = append(rels, strings.ToLower(rel))
			}
		}
	}
}

// token reads an unquoted name or value.
func (p *linkParser) token() string {
	start := p.pos
	for !p.done() && strings.IndexByte(" \t;,=\"", p.peek()) < 0 {
		p.pos++
	}
	return p.s[start:p.pos]
}

// quoted reads a quoted-string, unescaping backslash pairs.
func (p *linkParser) quoted() string {
	p.pos++ // opening quote
	var b strings.Builder
	for !p.done() {
		c := p.peek()
		p.pos++
		switch {
		case c == '\\' && !p.done():
			b.WriteByte(p.peek())
			p.pos++
		case c == '"':
			return b.String()
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// skipLinkValue moves past the next comma that is outside a quoted string
// and outside angle brackets.
func (p *linkParser) skipLinkValue() {
	inQuotes, inTarget := false, false
	for !p.done() {
		c := p.peek()
		p.pos++
		switch {
		case inQuotes && c == '\\':
			if !p.done() {
				p.pos++
			}
		case c == '"' && !inTarget:
			inQuotes = !inQuotes
		case c == '<' && !inQuotes:
			inTarget = true
		case c == '>' && !inQuotes:
			inTarget = false
		case c == ',' && !inQuotes && !inTarget:
			return
		}
	}
}
