package classifier

import (
	"encoding/base64"
	"fmt"
	"math"
	"math/bits"
)

// Model is the learned part of a pack: linear heads over hashed features
// (features.go) that the rules' own findings feed into. Weights are int8,
// one per bucket, base64 in JSON; a head's score is Bias + Scale·Σw.
// `scrubs train` writes it from labelled corpora; it holds no draft text.
//
//easyjson:json
type Model struct {
	Features int    `json:"features"` // feature-set version; the engine reads only its own
	Buckets  int    `json:"buckets"`  // a power of two
	Heads    []Head `json:"heads"`
}

// Head is one yes/no question the model answers: "risky", "block", or a
// finding kind ("patient.case": the draft discusses a patient's case).
//
//easyjson:json
type Head struct {
	Name      string  `json:"name"`
	Bias      float64 `json:"bias"`
	Scale     float64 `json:"scale"`
	Threshold float64 `json:"threshold"` // probability at or above which the answer is yes
	Weights   string  `json:"weights"`   // base64 of Buckets int8 values
}

// FeatureSet is the version of features.go this engine computes. After
// bumping it, set "features" in rules/model.json to the new value (the
// built-in pack must load for `scrubs train` to read the corpora), then
// retrain. 2: pairs of words one apart.
const FeatureSet = 2

// Model limits: the built-in model is about a megabyte.
const (
	MinModelBuckets = 1 << 10
	MaxModelBuckets = 1 << 18
	MaxModelHeads   = 16
)

// Heads the engine reads. Kind heads name the kind of a learned finding.
const (
	HeadRisky = "risky"
	HeadBlock = "block"
)

// learnedKinds are the kinds a learned finding can have: the cues that
// rules find worst, and health details with no person the rules saw.
var learnedKinds = []string{KindAcknowledge, KindCase, KindAdvice, KindTestimonial, KindCondition}

// kindSignal is the lexicon signal of each learned kind: where the lexicons
// saw its words, a learned finding marks them.
var kindSignal = []signal{sigAcknowledgement, sigCase, sigAdvice, sigTestimonial, sigCondition}

// sentenceSuffix names a head's sentence weights: "risky.sentence" adds to
// the risky head's score what the draft's likeliest sentence weighs.
const sentenceSuffix = ".sentence"

func isHead(name string) bool {
	if name == HeadRisky || name == HeadBlock || name == HeadRisky+sentenceSuffix {
		return true
	}
	for _, k := range learnedKinds {
		if k == name {
			return true
		}
	}
	return false
}

// compiledHead is a head ready to score. Its weights stay int8, as
// shipped: a quarter of the memory of floats, and a draft's sum is one
// multiply by the scale.
type compiledHead struct {
	name      string
	bias      float32
	scale     float32
	logit     float32 // the threshold as a logit, so scoring needs no exp
	w         []int8
	kindIndex int // index into learnedKinds, or -1
}

type compiledModel struct {
	mask          uint32
	risky         *compiledHead
	riskySentence *compiledHead // or nil
	block         *compiledHead
	kinds         []*compiledHead
}

func (v *validator) model(m *Model) {
	if m.Features != FeatureSet {
		v.add("model.features", "is %d; this engine computes feature set %d (retrain with `scrubs train`)", m.Features, FeatureSet)
	}
	if m.Buckets < MinModelBuckets || m.Buckets > MaxModelBuckets || bits.OnesCount(uint(m.Buckets)) != 1 {
		v.add("model.buckets", "is %d; must be a power of two from %d to %d", m.Buckets, MinModelBuckets, MaxModelBuckets)
		return
	}
	if len(m.Heads) > MaxModelHeads {
		v.add("model.heads", "has %d heads; at most %d", len(m.Heads), MaxModelHeads)
		return
	}
	seen := map[string]int{}
	for i := range m.Heads {
		h := &m.Heads[i]
		path := fmt.Sprintf("model.heads[%d]", i)
		if !isHead(h.Name) {
			v.add(path+".name", "%q is not a head; use %q, %q or one of %v", h.Name, HeadRisky, HeadBlock, learnedKinds)
		}
		if j, dup := seen[h.Name]; dup {
			v.add(path+".name", "%q is also model.heads[%d].name", h.Name, j)
		}
		seen[h.Name] = i
		if !(h.Threshold > 0 && h.Threshold < 1) {
			v.add(path+".threshold", "is %g; must be between 0 and 1", h.Threshold)
		}
		if math.IsNaN(h.Bias) || math.IsInf(h.Bias, 0) || math.IsNaN(h.Scale) || h.Scale < 0 || h.Scale > 1 {
			v.add(path, "bias must be finite and scale between 0 and 1")
		}
		if n := base64.StdEncoding.DecodedLen(len(h.Weights)); n < m.Buckets || n > m.Buckets+2 {
			v.add(path+".weights", "holds about %d weights; want %d (one per bucket)", n, m.Buckets)
			continue
		}
		if w, err := base64.StdEncoding.DecodeString(h.Weights); err != nil || len(w) != m.Buckets {
			v.add(path+".weights", "is not base64 of %d bytes", m.Buckets)
		}
	}
	if _, ok := seen[HeadRisky]; !ok {
		v.add("model.heads", "needs a %q head", HeadRisky)
	}
	if _, ok := seen[HeadBlock]; !ok {
		v.add("model.heads", "needs a %q head", HeadBlock)
	}
}

// compileModel decodes a validated model.
func compileModel(m *Model) *compiledModel {
	if m == nil {
		return nil
	}
	cm := &compiledModel{mask: uint32(m.Buckets - 1)}
	for _, h := range m.Heads {
		raw, _ := base64.StdEncoding.DecodeString(h.Weights)
		ch := &compiledHead{name: h.Name, bias: float32(h.Bias), scale: float32(h.Scale), logit: float32(math.Log(h.Threshold / (1 - h.Threshold))), w: make([]int8, len(raw)), kindIndex: -1}
		for i, b := range raw {
			ch.w[i] = int8(b)
		}
		switch h.Name {
		case HeadRisky:
			cm.risky = ch
		case HeadBlock:
			cm.block = ch
		case HeadRisky + sentenceSuffix:
			cm.riskySentence = ch
		default:
			for k, name := range learnedKinds {
				if name == h.Name {
					ch.kindIndex = k
				}
			}
			cm.kinds = append(cm.kinds, ch)
		}
	}
	return cm
}

// score is the head's logit for a draft's features.
func (h *compiledHead) score(feats []uint32) float32 {
	sum := int32(0)
	for _, f := range feats {
		sum += int32(h.w[f])
	}
	return h.bias + h.scale*float32(sum)
}

// sentenceScore is what the draft's likeliest sentence weighs for h: the
// largest sum of h's weights over one sentence's word features.
func (s *state) sentenceScore(h *compiledHead) float32 {
	s.sentSum = resize(s.sentSum, len(s.sentSig))
	for j, b := range s.feats {
		if tok := s.featTok[j]; tok >= 0 {
			s.sentSum[s.sentence[tok]] += int32(h.w[b])
		}
	}
	if len(s.sentSum) == 0 {
		return 0
	}
	top := s.sentSum[0]
	for _, x := range s.sentSum[1:] {
		top = max(top, x)
	}
	return h.scale * float32(top)
}

// weight is one bucket's weight as a logit.
func (h *compiledHead) weight(b uint32) float32 { return h.scale * float32(h.w[b]) }

// encodeWeights quantises float weights to int8 with one scale, for the
// trainer.
func encodeWeights(w []float64) (scale float64, b64 string) {
	maxAbs := 0.0
	for _, x := range w {
		maxAbs = max(maxAbs, math.Abs(x))
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	scale = maxAbs / 127
	raw := make([]byte, len(w))
	for i, x := range w {
		q := math.Round(x / scale)
		raw[i] = byte(int8(max(-127, min(127, q))))
	}
	return scale, base64.StdEncoding.EncodeToString(raw)
}
