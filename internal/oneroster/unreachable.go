package oneroster

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"
)

// UnreachableError says that no connection could be made to a host: it
// refused the connection, its name does not resolve, or connecting timed
// out. Nothing was sent, so the credentials were not even tried: messages
// must not call it an authentication failure.
type UnreachableError struct {
	// Host is the host:port the request was for (the URL's, with the
	// scheme's default port when it names none).
	Host string
	// Err is the dial error.
	Err error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("host %s is unreachable (%s)", e.Host, dialFailureReason(e.Err))
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// UnreachableHost reports the host:port err could not connect to, when err
// is an UnreachableError.
func UnreachableHost(err error) (string, bool) {
	var e *UnreachableError
	if errors.As(err, &e) {
		return e.Host, true
	}
	return "", false
}

// unreachable wraps err in an UnreachableError naming u's host when err is
// a dial failure; any other error is returned as it is.
func unreachable(u *url.URL, err error) error {
	if u == nil || !isDialFailure(err) {
		return err
	}
	port := u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	return &UnreachableError{Host: net.JoinHostPort(u.Hostname(), port), Err: err}
}

// dialFailureReason is the short cause of a dial failure; the dial error's
// own text repeats the address.
func dialFailureReason(err error) string {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused: nothing listens on that port"
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return "no such host: the name does not resolve"
	case errors.As(err, &dnsErr):
		return "the name could not be resolved: " + dnsErr.Err
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timed out connecting"
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}

// IsUnreachable reports whether err says a host could not be connected to.
func IsUnreachable(err error) bool {
	_, ok := UnreachableHost(err)
	return ok
}
