package corpus

import (
	"errors"
	"fmt"
)

// Error codes shared by every package. The HTTP API maps each code to one
// status; the CLI prints the message.
const (
	EINVALID  = "invalid"   // bad query, parameter or input: the caller must change it
	ENOTFOUND = "not_found" // no such document or passage
	ETOOLARGE = "too_large" // request body or query over its limit
	EINTERNAL = "internal"  // anything else: logged, never shown in detail
)

// Error is an application error: a code from the list above and a message
// safe to show to the user.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or
// "internal error" for any other non-nil error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// Shorten returns s cut to its first n characters and "…" when it is
// longer: user input quoted in a message stays readable however long it
// was.
func Shorten(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}
