package scan

import (
	"strings"
	"testing"
)

// A 280-character draft with a typical mix of identifiers.
const draft280 = "Hi Deb, your son's new hearing aid is ready! serial HA-20-77314. We tried +1 (555)390-7714 " +
	"but the voicemail is full; his DOB 3/14/2023 is on file, member ID XGP448120977. Email kb77@mail.example " +
	"or stop by 48 Harbor Road, Lakeside, MI 49116 before March 3rd 🙂 thanks!!"

func BenchmarkScan280(b *testing.B) {
	text := draft280[:min(280, len(draft280))]
	dst := make([]Match, 0, 32)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		dst = Scan(text, dst[:0])
	}
}

func BenchmarkScan280Plain(b *testing.B) {
	text := "Flu shots are in! Walk in Monday through Friday, no appointment needed. Over 1,200 given so far this fall, " +
		"thank you to our amazing nurses and front desk team for keeping things moving. Bring your insurance card and " +
		"wear short sleeves. See you soon, Lakeside!"
	dst := make([]Match, 0, 32)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		dst = Scan(text, dst[:0])
	}
}

func BenchmarkScan5000(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 5000 {
		sb.WriteString(draft280)
		sb.WriteString(" Our newsletter: flu shots are in, walk in Mon-Fri 9am-4pm, over 1,200 given. ")
	}
	text := sb.String()[:5000]
	dst := make([]Match, 0, 256)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		dst = Scan(text, dst[:0])
	}
}

func TestDraft280(t *testing.T) {
	if len(draft280) < 250 || len(draft280) > 300 {
		t.Fatalf("draft280 is %d bytes", len(draft280))
	}
	got := Scan(draft280, nil)
	checkInvariants(t, draft280, got)
	if len(got) < 7 {
		t.Errorf("draft280: %s", describe(draft280, got))
	}
}
