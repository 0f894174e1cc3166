package classifier

import "github.com/scrubs/scrubs/classifier/internal/scan"

// Rules ask what a sentence holds ("a name and a care word in one
// sentence"). Each sentence's signals are gathered once into a mask, so a
// question costs the same whatever the draft's length.

// bits above the signals in a sentence mask
const (
	bitPerson    = numSignals + iota // a word pointing to one person: you, he, her, a name
	bitSecond                        // you, your
	bitThird                         // he, she, his, her
	bitNamed                         // a name starts in the sentence
	bitSupposing                     // if, in case, si: the sentence supposes
	bitCaseTalk                      // the scorer took the sentence for a case (decide.go)
)

// word classes of person words
const (
	wordPerson uint8 = 1 << iota
	wordSecond
	wordThird
	wordSuppose
)

// personWordClass classifies a folded word; a switch, not a map, since it
// runs on every word.
func personWordClass(w []byte) uint8 {
	switch string(w) {
	case "you", "your", "you're", "youre", "u", "ur", "usted", "tu":
		return wordPerson | wordSecond
	case "ustedes":
		return wordSecond
	case "he", "she", "him", "her", "his", "he's", "she's", "el", "ella":
		return wordPerson | wordThird
	case "if", "whether", "unless", "si":
		return wordSuppose
	}
	return 0
}

// gatherSentences fills the per-sentence masks and the whole draft's.
func (s *state) gatherSentences() {
	n := 0
	if len(s.sentence) > 0 {
		n = int(s.sentence[len(s.sentence)-1]) + 1
	}
	s.sentSig = resize(s.sentSig, n)
	s.textMask = 0
	for i := range s.t.Tokens {
		m := s.tokSig[i]
		if m&(1<<sigRelation) != 0 {
			m |= 1 << bitPerson
		}
		switch c := personWordClass(s.t.Folded(i)); {
		case c&wordSecond != 0:
			m |= 1<<bitSecond | uint32(c&wordPerson)<<bitPerson
		case c&wordThird != 0:
			m |= 1<<bitThird | 1<<bitPerson
		case c&wordSuppose != 0:
			m |= 1 << bitSupposing
		}
		s.sentSig[s.sentence[i]] |= m
		s.textMask |= m
	}
	for _, nm := range s.names {
		s.sentSig[s.sentence[nm.first]] |= 1<<bitNamed | 1<<bitPerson
		s.textMask |= 1<<bitNamed | 1<<bitPerson
	}
	for _, id := range s.ids {
		if id.Kind == scan.Age && ageNoun(s.t.Norm[id.Start:id.End]) {
			// "a 3yo", "a 47-year-old" speak of one person
			s.sentSig[s.sentence[s.tokenAt(id.Start)]] |= 1 << bitPerson
			s.textMask |= 1 << bitPerson
		}
	}
}

func (s *state) sentenceBit(tok int32, bit signal) bool {
	return tok >= 0 && int(tok) < len(s.sentence) && s.sentSig[s.sentence[tok]]&(1<<bit) != 0
}

// sentenceHas: the sentence of token tok raises sig.
func (s *state) sentenceHas(tok int32, sig signal) bool { return s.sentenceBit(tok, sig) }

// sentencePerson: the sentence of token tok names or points to a person.
func (s *state) sentencePerson(tok int32) bool { return s.sentenceBit(tok, bitPerson) }

// sentenceNamed: a name stands in the sentence of token tok.
func (s *state) sentenceNamed(tok int32) bool { return s.sentenceBit(tok, bitNamed) }

// sentenceSecondPerson: the sentence of token tok speaks to someone.
func (s *state) sentenceSecondPerson(tok int32) bool { return s.sentenceBit(tok, bitSecond) }

// sentenceThirdPerson: the sentence of token tok says he, she, his or her.
func (s *state) sentenceThirdPerson(tok int32) bool { return s.sentenceBit(tok, bitThird) }

// sentenceOther: the sentence speaks of someone other than its reader: he,
// she, a relation, a name or an age ("your" in a post is everyone).
func (s *state) sentenceOther(tok int32) bool {
	return s.sentenceBit(tok, bitThird) || s.sentenceBit(tok, bitNamed) || s.sentenceHas(tok, sigRelation) ||
		s.sentencePerson(tok) && !s.sentenceBit(tok, bitSecond)
}
