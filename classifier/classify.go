package classifier

import (
	"sync"
	"unsafe"

	"github.com/scrubs/scrubs/classifier/internal/lexmatch"
	"github.com/scrubs/scrubs/classifier/internal/scan"
	"github.com/scrubs/scrubs/classifier/internal/textnorm"
)

// span is a run of tokens [first, last) that raised something.
type span struct {
	first, last int32
	weight      float32
}

// state is the scratch space of one Classify call, pooled so that scanning
// a draft allocates little beyond its findings.
type state struct {
	m     *matcher
	d     *Draft
	reply bool // reply or comment: addressed to a person the page shows
	t     textnorm.Text
	ctx   textnorm.Text // replying_to

	hits      []lexmatch.Hit
	ctxHits   []lexmatch.Hit
	ids       []scan.Match
	weekdays  []scan.Match // weekdays nothing pins down, read once a draft is flagged (learned.go)
	tokSig    []uint32     // signals raised on each token
	givenW    []float32    // first-name weight of each token
	surW      []float32
	titleW    []float32 // honorific weight: 1 a title (Mrs., Sr.), less a soft leader (baby, little)
	sentence  []int32   // sentence number of each token
	sentSig   []uint32  // signals and person bits of each sentence (sentences.go)
	textMask  uint32    // the same for the whole draft
	bySig     [numSignals][]span
	ctxSig    uint32 // signals raised anywhere in replying_to
	ctxThanks bool   // replying_to thanks someone

	spanish  int    // hits from Spanish lexicons minus English ones
	lower    []byte // Norm in lower case, for pattern keywords
	names    []nameSpan
	repeated int32 // a reply's token that repeats a condition from replying_to
	found    []Finding
	counts   [numSignals]int

	f       facts     // what the rules established (decide.go)
	feats   []uint32  // the model's buckets for this draft (features.go)
	featTok []int32   // the token each feature starts at, -1 for none
	seen    []uint64  // one bit per bucket: already in feats
	sentSum []int32   // per sentence: its words' weight for a head (sentenceScore)
	contrib []float32 // per token: what it weighed for a head (learned.go)
}

var statePool = sync.Pool{New: func() any { return new(state) }}

// Classify reads one draft and returns its verdict and findings. A
// finding's suggestion is offered only when applying it is safe (fixes.go).
func (e *Engine) Classify(d Draft) Result {
	res := e.classify(d)
	e.checkFixes(&d, &res)
	return res
}

// classify is Classify without checking the suggestions.
func (e *Engine) classify(d Draft) Result {
	s := statePool.Get().(*state)
	defer statePool.Put(s)
	s.reset(e.m, &d)
	s.read()
	verdict := s.decide()
	if s.m.model != nil {
		verdict = s.learn(verdict)
	}
	s.finish(verdict)
	res := Result{ID: d.ID, Verdict: verdict, Findings: []Finding{}}
	if verdict != VerdictOK {
		res.Findings = append(res.Findings, s.found...)
		s.explain(res.Findings)
	}
	if s.spanish > 0 {
		res.Lang = "es"
	}
	return res
}

func (s *state) reset(m *matcher, d *Draft) {
	s.m, s.d = m, d
	s.reply = d.Mode == ModeReply || d.Mode == ModeComment
	s.t.Reset(d.Text)
	s.hits = s.m.lex.Match(&s.t, s.hits[:0])
	s.ctxSig = 0
	s.ctxThanks = false
	s.ctxHits = s.ctxHits[:0]
	if d.ReplyingTo != "" {
		s.ctx.Reset(d.ReplyingTo)
		for i := range s.ctx.Tokens {
			if s.m.in(wsThanks, s.ctx.Folded(i)) {
				s.ctxThanks = true
			}
		}
		s.ctxHits = s.m.lex.Match(&s.ctx, s.ctxHits)
		for _, h := range s.ctxHits {
			li := s.m.lexes[h.Lex]
			sig := li.signal
			if sig == sigCondition && li.weight < s.m.conditionMin {
				sig = sigConditionWeak
			}
			s.ctxSig |= 1 << sig
		}
	}
	s.ids = scan.Scan(s.norm(), s.ids[:0])
	n := len(s.t.Tokens)
	s.tokSig = resize(s.tokSig, n)
	s.givenW = resize(s.givenW, n)
	s.surW = resize(s.surW, n)
	s.titleW = resize(s.titleW, n)
	s.sentence = resize(s.sentence, n)
	for i := range s.bySig {
		s.bySig[i] = s.bySig[i][:0]
	}
	s.counts = [numSignals]int{}
	s.spanish = 0
	s.names = s.names[:0]
	s.found = s.found[:0]
	if s.m.model != nil {
		s.seen = resize(s.seen, int(s.m.model.mask/64+1))
	}
}

// norm is the normalised draft as a string, sharing Norm's bytes (valid
// until the next reset).
func (s *state) norm() string {
	if len(s.t.Norm) == 0 {
		return ""
	}
	return unsafe.String(&s.t.Norm[0], len(s.t.Norm))
}

func resize[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// read turns lexicon hits into per-token signals and spans.
func (s *state) read() {
	sent := int32(0)
	for i := range s.t.Tokens {
		if i > 0 && s.t.Tokens[i].Flags&textnorm.SentenceStart != 0 {
			sent++
		}
		s.sentence[i] = sent
	}
	for _, h := range s.hits {
		li := s.m.lexes[h.Lex]
		sig := li.signal
		if sig == sigCondition && li.weight < s.m.conditionMin {
			sig = sigConditionWeak
		}
		if h.Plural && (sig == sigRelation || sig == sigGivenName || sig == sigSurname || sig == sigHonorific || sig == sigAcknowledgement) {
			continue // "teens", "our patients": people in general, not one person
		}
		for k := h.First; k < h.Last; k++ {
			s.tokSig[k] |= 1 << sig
			switch sig {
			case sigGivenName:
				s.givenW[k] = max(s.givenW[k], li.weight)
			case sigSurname:
				s.surW[k] = max(s.surW[k], li.weight)
			case sigHonorific:
				s.titleW[k] = max(s.titleW[k], li.weight)
			}
		}
		if li.spanish {
			s.spanish++
		} else if sig != sigGivenName && sig != sigSurname && sig != sigOrgName && sig != sigStaff {
			s.spanish--
		}
		s.bySig[sig] = append(s.bySig[sig], span{h.First, h.Last, li.weight})
		s.counts[sig]++
	}
	s.lowerShorthand()
	s.findNames()
	s.gatherSentences()
}

func (s *state) has(i int, sig signal) bool { return s.tokSig[i]&(1<<sig) != 0 }

// utf16 returns the UTF-16 span of tokens [first, last).
func (s *state) utf16(first, last int32) (int, int) {
	return s.t.UTF16(int(s.t.Tokens[first].Start)), s.t.UTF16(int(s.t.Tokens[last-1].End))
}
