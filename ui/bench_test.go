package ui

import (
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/tokentui/tokentui/backend"
)

// bigModel is a model whose Fleet tab holds n tokens, drawn at w×h.
func bigModel(tb testing.TB, n, w, h int) *Model {
	tb.Helper()
	fl := &fakeService{sys: backend.Fleet, secrets: map[string]string{}}
	for i := range n {
		fl.tokens = append(fl.tokens, backend.Token{System: backend.Fleet, ID: fmt.Sprintf("8f1c2d3e-0000-4000-8000-%012d", i),
			Name: fmt.Sprintf("bulk-%05d", i), PolicyID: "policy-linux-servers", PolicyName: "Linux servers",
			Status: backend.Active, Created: now.Add(-time.Duration(i) * time.Second)})
	}
	// No timers: the clock tick would repaint during byte counts.
	noTimers := func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	m := New(Options{Tabs: testTabs([]backend.Service{nil, nil, fl}), Now: func() time.Time { return now }, After: noTimers})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	msg := m.refresh(2)().(tea.BatchMsg)[0]()
	m.Update(msg)
	m.Update(keyMsg("3"))
	if len(m.tabs[2].view) != n {
		tb.Fatalf("%d rows", len(m.tabs[2].view))
	}
	return m
}

// BenchmarkView draws the screen with 10,000 tokens in the tab (goal ≤ 1 ms).
func BenchmarkView(b *testing.B) {
	m := bigModel(b, 10000, 120, 40)
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkFilterKeystroke types one filter character over 10,000 tokens
// and draws the result (goal ≤ 5 ms).
func BenchmarkFilterKeystroke(b *testing.B) {
	m := bigModel(b, 10000, 120, 40)
	m.Update(keyMsg("/"))
	keys := []string{"1", "backspace"}
	i := 0
	for b.Loop() {
		k := keys[i%2]
		if k == "backspace" {
			m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
		} else {
			m.Update(keyMsg(k))
		}
		_ = m.View()
		i++
	}
}

// BenchmarkMemory10k reports the heap a tab of 10,000 tokens holds (goal
// ≤ 60 MB).
func BenchmarkMemory10k(b *testing.B) {
	var keep *Model
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		keep = bigModel(b, 10000, 120, 40)
		_ = keep.View()
		runtime.GC()
		runtime.ReadMemStats(&after)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB-heap")
	runtime.KeepAlive(keep)
}

type countingWriter struct {
	mu            sync.Mutex
	bytes, writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bytes += len(p)
	c.writes++
	return len(p), nil
}

func (c *countingWriter) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

// settle waits until the writer's count stops changing.
func (c *countingWriter) settle() int {
	last := -1
	for stable := 0; stable < 5; time.Sleep(20 * time.Millisecond) {
		if n := c.total(); n == last {
			stable++
		} else {
			last, stable = n, 0
		}
	}
	return last
}

// countingProgram runs m in a real program whose output is counted, and
// waits for the first frame; stop ends it.
func countingProgram(b *testing.B, m *Model) (p *tea.Program, cw *countingWriter, stop func()) {
	pr, pw := io.Pipe()
	cw = &countingWriter{}
	p = tea.NewProgram(m, tea.WithInput(pr), tea.WithOutput(cw), tea.WithWindowSize(120, 40),
		tea.WithColorProfile(colorprofile.ANSI256), tea.WithoutSignals())
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	cw.settle()
	return p, cw, func() { p.Quit(); <-done; pw.Close() }
}

// BenchmarkBytesPerCursorMove counts what one cursor move writes to the
// terminal at 120×40 through the real renderer (goal ≤ 200 bytes). The
// moves stay within the visible rows: a scroll repaints every row, and
// is reported by BenchmarkBytesPerScroll.
func BenchmarkBytesPerCursorMove(b *testing.B) {
	p, cw, stop := countingProgram(b, bigModel(b, 10000, 120, 40))
	defer stop()
	moves, start := 0, cw.total()
	for b.Loop() {
		k := "j"
		if moves%30 == 29 {
			k = "g" // back to the top, so the cursor stays on the first screen
		}
		p.Send(keyMsg(k))
		moves++
		cw.settle()
	}
	b.ReportMetric(float64(cw.total()-start)/float64(moves), "bytes/move")
}

// BenchmarkBytesPerScroll counts what a page down writes at 120×40.
func BenchmarkBytesPerScroll(b *testing.B) {
	p, cw, stop := countingProgram(b, bigModel(b, 10000, 120, 40))
	defer stop()
	pages, start := 0, cw.total()
	for b.Loop() {
		p.Send(tea.KeyPressMsg{Code: tea.KeyPgDown})
		pages++
		cw.settle()
	}
	b.ReportMetric(float64(cw.total()-start)/float64(pages), "bytes/page")
}
