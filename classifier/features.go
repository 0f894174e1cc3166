package classifier

import "math/bits"

// Features: what the learned heads read about a draft, hashed into buckets
// (the hashing trick: no vocabulary to ship, unseen words cost nothing).
// They are the rules' conclusions (verdict, facts, kinds, signals, lexicon
// ids) and the words themselves (folded unigrams and bigrams of the draft,
// unigrams of the text it answers). Changing what is computed here changes
// FeatureSet and needs a retrain.

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func fnvBytes(h uint32, b []byte) uint32 {
	for _, c := range b {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}

func fnvString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

// feature tags keep the spaces of different features apart
const (
	tagBias       = "b"
	tagVerdict    = "v="
	tagFact       = "f="
	tagKind       = "k="
	tagSignal     = "s="
	tagCtxSig     = "cs="
	tagLexicon    = "l="
	tagMode       = "m="
	tagSite       = "p="
	tagWord       = "w="
	tagBigram     = "2="
	tagCtxWord    = "c="
	tagFlag       = "x="
	tagPair       = "sp="
	tagIDPair     = "ip="
	tagPersonWord = "pw="
	tagPrefix     = "w5="
	tagCtxPair    = "cp="
	tagModeWord   = "mw="
	tagSkip       = "sk="
)

// The hashes of the tags alone, the start of every feature of their kind:
// computed once, not per word.
var (
	hashWord       = fnvString(fnvOffset, tagWord)
	hashPrefix     = fnvString(fnvOffset, tagPrefix)
	hashPersonWord = fnvString(fnvOffset, tagPersonWord)
	hashBigram     = fnvString(fnvOffset, tagBigram)
	hashSkip       = fnvString(fnvOffset, tagSkip)
	hashCtxWord    = fnvString(fnvOffset, tagCtxWord)
)

// factNames name the facts the rules established, for their features.
var factNames = [...]string{"strong_id", "person_id", "name", "condition", "weak_health", "ack", "ack_weak", "ack_strong", "case", "advice", "testimony", "photo", "general"}

func (f *facts) bits() [len(factNames)]bool {
	return [...]bool{f.strongID, f.personID, f.name, f.condition, f.weakHealth, f.ack, f.ackWeak, f.ackStrong, f.caseTalk, f.advice, f.testimony, f.photo, f.general}
}

// signalNameOf names signal ids for their features; built once.
var signalNameOf = func() [numSignals]string {
	var out [numSignals]string
	for name, id := range signalIDs {
		out[id] = name
	}
	out[sigOrgName], out[sigStaff] = "org", "staff"
	return out
}()

// maskBitName names the bits of a sentence mask (sentences.go).
var maskBitName = func() [32]string {
	var out [32]string
	copy(out[:], signalNameOf[:])
	for bit, name := range map[signal]string{bitPerson: "person", bitSecond: "second", bitThird: "third", bitNamed: "named", bitSupposing: "supposing", bitCaseTalk: "case_talk"} {
		out[bit] = name
	}
	return out
}()

func bitsTrailing(m uint32) int { return bits.TrailingZeros32(m) }

// features fills s.feats with the draft's distinct buckets and s.featTok
// with the token each text feature starts at (-1 for the others).
func (s *state) features(ruleVerdict string) {
	s.feats, s.featTok = s.feats[:0], s.featTok[:0]
	s.feat(fnvString(fnvOffset, tagBias), -1)
	s.feat(fnvString(fnvString(fnvOffset, tagVerdict), ruleVerdict), -1)
	mode := s.d.Mode
	if mode == "" {
		mode = ModePost
	}
	s.feat(fnvString(fnvString(fnvOffset, tagMode), mode), -1)
	s.feat(fnvString(fnvString(fnvString(fnvOffset, tagMode), mode), ruleVerdict), -1)
	s.feat(fnvString(fnvString(fnvOffset, tagSite), s.d.Platform), -1)
	if s.d.ReplyingTo != "" {
		s.feat(fnvString(fnvOffset, tagFlag+"ctx"), -1)
	}
	if len(s.d.Attachments) > 0 {
		s.feat(fnvString(fnvOffset, tagFlag+"attached"), -1)
	}
	if s.spanish > 0 {
		s.feat(fnvString(fnvOffset, tagFlag+"es"), -1)
	}
	for i, on := range s.f.bits() {
		if on {
			s.feat(fnvString(fnvString(fnvOffset, tagFact), factNames[i]), -1)
		}
	}
	for i := range s.found {
		s.feat(fnvString(fnvString(fnvOffset, tagKind), s.found[i].Kind), -1)
	}
	for sig := signal(1); sig < numSignals; sig++ {
		if s.counts[sig] > 0 {
			s.feat(fnvString(fnvString(fnvOffset, tagSignal), signalNameOf[sig]), -1)
		}
		if s.ctxSig&(1<<sig) != 0 {
			s.feat(fnvString(fnvString(fnvOffset, tagCtxSig), signalNameOf[sig]), -1)
		}
	}
	// pairs of what one sentence holds ("you" and a condition, a name and
	// a care word): the combinations the policy speaks of, for a linear head
	for _, m := range s.sentSig {
		for a := m; a != 0; a &= a - 1 {
			i := bitsTrailing(a)
			for b := a & (a - 1); b != 0; b &= b - 1 {
				j := bitsTrailing(b)
				s.feat(fnvString(fnvString(fnvString(fnvOffset, tagPair), maskBitName[i]), maskBitName[j]), -1)
			}
		}
	}
	// each identifier the scanners read, beside what its sentence holds: a
	// weekday next to "came in" and a condition is not one in a schedule
	for _, id := range s.ids {
		if len(s.t.Tokens) == 0 {
			break // no sentence to place it in
		}
		kind := fnvString(fnvString(fnvOffset, tagIDPair), id.Kind.String())
		strong := "|strong0"
		if id.Strong {
			strong = "|strong1"
		}
		s.feat(fnvString(kind, strong), -1)
		for m := s.sentSig[s.sentence[s.tokenAt(id.Start)]]; m != 0; m &= m - 1 {
			s.feat(fnvString(kind, maskBitName[bitsTrailing(m)]), -1)
		}
	}
	// what the answered text raised beside what the draft does: a condition
	// there and "you" here
	for a := s.ctxSig; a != 0; a &= a - 1 {
		for b := s.textMask; b != 0; b &= b - 1 {
			s.feat(fnvString(fnvString(fnvString(fnvOffset, tagCtxPair), maskBitName[bitsTrailing(a)]), maskBitName[bitsTrailing(b)]), -1)
		}
	}
	for _, h := range s.hits {
		s.feat(s.m.lexes[h.Lex].feature, h.First)
	}
	prev := uint32(0)
	modeHash := fnvString(fnvString(fnvOffset, tagModeWord), mode)
	for i := range s.t.Tokens {
		w := s.t.Read(i) // "ch3mo" and "chemooo" weigh as "chemo"
		s.feat(fnvBytes(hashWord, w), int32(i))
		s.feat(fnvBytes(fnvString(modeHash, " "), w), int32(i))
		if len(w) > 5 {
			// the stem's first five letters: "veneer", "veneers", "veneered"
			s.feat(fnvBytes(hashPrefix, w[:5]), int32(i))
		}
		if s.sentSig[s.sentence[i]]&(1<<bitSecond|1<<bitNamed|1<<bitThird) != 0 {
			// the word in a sentence about someone: "surgery" near "you" or a name
			s.feat(fnvBytes(hashPersonWord, w), int32(i))
		}
		if i > 0 && s.sentence[i] == s.sentence[i-1] {
			s.feat(fnvBytes(fnvString(prev, " "), w), int32(i-1))
			if i > 1 && s.sentence[i] == s.sentence[i-2] {
				// a pair one word apart: "your ... surgery", "proud ... you"
				s.feat(fnvBytes(fnvString(fnvBytes(hashSkip, s.t.Read(i-2)), " "), w), int32(i-2))
			}
		}
		prev = fnvBytes(hashBigram, w)
	}
	if s.d.ReplyingTo != "" {
		for i := range s.ctx.Tokens {
			s.feat(fnvBytes(hashCtxWord, s.ctx.Read(i)), -1)
		}
	}
	// forget the seen marks for the next draft
	for _, b := range s.feats {
		s.seen[b>>6] &^= 1 << (b & 63)
	}
}

// lexiconFeature is the feature of a hit of the lexicon with this id.
func lexiconFeature(id string) uint32 { return fnvString(fnvString(fnvOffset, tagLexicon), id) }

// feat adds a bucket once per draft.
func (s *state) feat(h uint32, tok int32) {
	b := h & s.m.model.mask
	if s.seen[b>>6]&(1<<(b&63)) != 0 {
		return
	}
	s.seen[b>>6] |= 1 << (b & 63)
	s.feats = append(s.feats, b)
	s.featTok = append(s.featTok, tok)
}
