package host

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/bits"
	"sync"

	"github.com/scrubs/scrubs/wasm"
	"github.com/tetratelabs/wazero/api"
)

// Module is one instance of the classifier module. Its methods are safe for
// concurrent use; calls run one at a time.
type Module struct {
	mu    sync.Mutex
	ctx   context.Context
	mod   api.Module
	owner *Runtime // closed with the module, when Load made it

	alloc, free, classify, loadPack api.Function

	in, inCap uint32 // the input buffer, reused while it is big enough
	stack     [2]uint64
	broken    error // set when the instance trapped; it is unusable after
}

func newModule(ctx context.Context, mod api.Module) *Module {
	return &Module{
		ctx:      context.WithoutCancel(ctx),
		mod:      mod,
		alloc:    mod.ExportedFunction("alloc"),
		free:     mod.ExportedFunction("free"),
		classify: mod.ExportedFunction("classify"),
		loadPack: mod.ExportedFunction("load_pack"),
	}
}

// Error is an error answer from the module (wasm.Error). Its text is the
// classifier's own error text, the same the native engine gives.
type Error wasm.Error

func (e *Error) Error() string { return e.Message }

// ClassifyJSON classifies one draft (classifier.Draft as JSON) and returns
// the result as JSON, byte for byte what the native engine marshals. An
// error answer comes back as an *Error.
func (m *Module) ClassifyJSON(draft []byte) ([]byte, error) {
	return m.checked(m.classify, draft)
}

// LoadPack compiles a pack (classifier.Pack as JSON) in the module and
// uses it for every later call. On an error the module keeps the pack it
// had.
func (m *Module) LoadPack(pack []byte) (wasm.PackInfo, error) {
	var info wasm.PackInfo
	ans, err := m.checked(m.loadPack, pack)
	if err != nil {
		return info, err
	}
	return info, info.UnmarshalJSON(ans)
}

// TemplateFor is Template with the draft's context (wasm.TemplateRequest):
// it answers the template used and its text.
func (m *Module) TemplateFor(name, context string) (used, text string, err error) {
	req, err := wasm.TemplateRequest{Name: name, Context: context}.MarshalJSON()
	if err != nil {
		return "", "", err
	}
	fn := m.mod.ExportedFunction("template")
	if fn == nil {
		return "", "", errors.New("module has no template export")
	}
	ans, err := m.checked(fn, req)
	if err != nil {
		return "", "", err
	}
	var t wasm.Template
	err = t.UnmarshalJSON(ans)
	return t.Name, t.Text, err
}

// Template returns the pack's reply template name ("safe_reply",
// "safe_reply.es") with {phone} and {org} filled in.
func (m *Module) Template(name string) (string, error) {
	_, text, err := m.TemplateFor(name, "")
	return text, err
}

// Call runs an input export ("classify" or "load_pack") and returns its
// answer as the module wrote it, error answers included. A non-nil error
// means the call itself failed: the instance trapped or is closed.
func (m *Module) Call(export string, in []byte) ([]byte, error) {
	fn := m.mod.ExportedFunction(export)
	if fn == nil {
		return nil, fmt.Errorf("module has no export %q", export)
	}
	return m.call(fn, in)
}

// Stats asks the module for its memory figures.
func (m *Module) Stats() (wasm.Stats, error) {
	var st wasm.Stats
	ans, err := m.noInput("stats")
	if err != nil {
		return st, err
	}
	return st, st.UnmarshalJSON(ans)
}

// Sites returns the module's answer to sites(): the site profiles of the
// pack in use (wasm.SiteList), as the module wrote it.
func (m *Module) Sites() ([]byte, error) { return m.noInput("sites") }

// noInput calls an export that takes no input and returns a copy of its
// answer.
func (m *Module) noInput(export string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.broken != nil {
		return nil, m.broken
	}
	fn := m.mod.ExportedFunction(export)
	if fn == nil {
		return nil, fmt.Errorf("module has no %s export", export)
	}
	res, err := fn.Call(m.ctx)
	if err != nil {
		return nil, m.trapped(err)
	}
	ans, ok := m.mod.Memory().Read(uint32(res[0]>>32), uint32(res[0]))
	if !ok {
		return nil, m.trapped(fmt.Errorf("%s answer is outside memory", export))
	}
	return append([]byte(nil), ans...), nil
}

// Raw is the wazero instance, for tests and tools that call the exports
// themselves. Calls on it bypass the Module's lock.
func (m *Module) Raw() api.Module { return m.mod }

// MemorySize is the instance's linear memory, in bytes.
func (m *Module) MemorySize() uint32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.mod.Memory().Size()
}

// Close frees the instance (and its runtime, when Load made it).
func (m *Module) Close(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.broken == nil {
		m.broken = errors.New("module is closed")
	}
	if m.owner != nil {
		return m.owner.Close(ctx)
	}
	return m.mod.Close(ctx)
}

var errorPrefix = []byte(`{"error":`)

// checked is call, with an error answer turned into an *Error.
func (m *Module) checked(fn api.Function, in []byte) ([]byte, error) {
	ans, err := m.call(fn, in)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(ans, errorPrefix) {
		var er wasm.ErrorResponse
		if err := er.UnmarshalJSON(ans); err != nil {
			return nil, fmt.Errorf("module answered bad JSON: %w", err)
		}
		e := Error(er.Error)
		return nil, &e
	}
	return ans, nil
}

// call copies in into the module, calls fn and copies the answer out.
func (m *Module) call(fn api.Function, in []byte) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.broken != nil {
		return nil, m.broken
	}
	if uint64(len(in)) > 1<<31 {
		return nil, fmt.Errorf("input is %d bytes; too large for the module", len(in))
	}
	n := uint32(len(in))
	if n > m.inCap || m.in == 0 {
		if err := m.grow(n); err != nil {
			return nil, err
		}
	}
	mem := m.mod.Memory()
	if !mem.Write(m.in, in) {
		return nil, m.trapped(fmt.Errorf("input buffer at %#x is outside memory", m.in))
	}
	m.stack[0], m.stack[1] = uint64(m.in), uint64(n)
	if err := fn.CallWithStack(m.ctx, m.stack[:]); err != nil {
		return nil, m.trapped(err)
	}
	ptr, size := uint32(m.stack[0]>>32), uint32(m.stack[0])
	ans, ok := mem.Read(ptr, size)
	if !ok {
		return nil, m.trapped(fmt.Errorf("answer at %#x+%d is outside memory", ptr, size))
	}
	return bytes.Clone(ans), nil
}

// grow replaces the input buffer with one of at least n bytes.
func (m *Module) grow(n uint32) error {
	if m.in != 0 {
		m.stack[0] = uint64(m.in)
		if err := m.free.CallWithStack(m.ctx, m.stack[:]); err != nil {
			return m.trapped(err)
		}
		m.in, m.inCap = 0, 0
	}
	// The next power of two, so a growing input reallocates rarely; exact
	// past 64 MiB, where doubling would cross the module's limit.
	size := max(uint32(64<<10), uint32(1)<<bits.Len32(n-1))
	if n > 64<<20 || n == 0 {
		size = max(n, 64<<10)
	}
	m.stack[0] = uint64(size)
	if err := m.alloc.CallWithStack(m.ctx, m.stack[:]); err != nil {
		return m.trapped(err)
	}
	if m.stack[0] == 0 {
		return fmt.Errorf("module refused a %d-byte input buffer", size)
	}
	m.in, m.inCap = uint32(m.stack[0]), size
	return nil
}

// trapped marks the instance unusable: after a trap its state is unknown.
func (m *Module) trapped(err error) error {
	m.broken = fmt.Errorf("module trapped: %w", err)
	return m.broken
}
