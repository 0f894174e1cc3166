package classifier_test

import (
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

func draftOf(n int) classifier.Draft {
	base := "Hi Kendra, so glad Tyler's visit went well today! His A1C came back at 6.1 and Dr. Whitaker wants to see him again in March. Call (555) 440-1200 if the new inhaler isn't helping. "
	s := strings.Repeat(base, n/len(base)+1)
	return classifier.Draft{Text: s[:n], Mode: "reply", Platform: "facebook"}
}

func benchClassify(b *testing.B, n int) {
	e := otherEngine(b)
	d := draftOf(n)
	e.Classify(d)
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		e.Classify(d)
	}
}

// BenchmarkClassify280 is a risky reply: its suggestions are each tried
// (fixes.go), four more classifications.
func BenchmarkClassify280(b *testing.B) { benchClassify(b, 280) }

// BenchmarkClassify280OK is a harmless post of 280 characters, what most
// keystrokes classify.
func BenchmarkClassify280OK(b *testing.B) {
	e := otherEngine(b)
	base := "Flu shots are in! Walk-ins welcome Saturdays 9 to 1, and our new MRI machine means faster scans. Closed Monday for Labor Day. We're hiring a medical assistant; send your resume to the front desk. "
	d := classifier.Draft{Text: strings.Repeat(base, 2)[:280], Mode: "post", Platform: "facebook"}
	b.SetBytes(280)
	b.ReportAllocs()
	for b.Loop() {
		e.Classify(d)
	}
}
func BenchmarkClassify5000(b *testing.B)  { benchClassify(b, 5000) }
func BenchmarkClassify50000(b *testing.B) { benchClassify(b, 50000) }

func BenchmarkClassifyCorpus(b *testing.B) {
	e := devEngine(b)
	items := devItems(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, it := range items {
			e.Classify(it.Draft)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/draft")
}

func BenchmarkCompileDefault(b *testing.B) {
	p := classifier.DefaultPack()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := classifier.Compile(p); err != nil {
			b.Fatal(err)
		}
	}
}
