package ally

import (
	"errors"
	"io/fs"
	"testing"
)

func TestErrorCauseAndHint(t *testing.T) {
	e := Errorf(EINVALID, "database %s: %w", "x.db", fs.ErrPermission).WithHint(HintRetry)
	if e.Message != "database x.db: permission denied" {
		t.Errorf("message %q", e.Message)
	}
	if !errors.Is(e, fs.ErrPermission) {
		t.Error("errors.Is does not see the cause through Unwrap")
	}
	wrapped := errors.Join(errors.New("context"), e)
	if ErrorCode(wrapped) != EINVALID || ErrorHint(wrapped) == nil || ErrorHint(wrapped).Action != HintRetry {
		t.Errorf("code %q, hint %v through a wrapping error", ErrorCode(wrapped), ErrorHint(wrapped))
	}
	if Errorf(ENOTFOUND, "no %s", "x").Err != nil {
		t.Error("a message without %w has a cause")
	}
	h := Errorf(EINVALID, "too big").WithHint(HintSample, "sample", "100000").Hint
	if h.Action != HintSample || h.Args["sample"] != "100000" {
		t.Errorf("hint %+v", h)
	}
	if ErrorHint(errors.New("plain")) != nil {
		t.Error("a plain error has a hint")
	}
}
