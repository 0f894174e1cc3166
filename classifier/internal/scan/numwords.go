package scan

// numberAt reads a small number at token k, in digits or in English or
// Spanish words ("92", "ninety-two", "ninety two", "noventa y dos",
// "a hundred and one"). It returns the value and the token after it.
func (s *scratch) numberAt(k int) (v, next int, ok bool) {
	return s.numberDepth(k, 0)
}

// numberDepth reads a number; the part after "hundred and" is read at depth
// 1, which does not recurse again, so adversarial "a hundred and a hundred
// and ..." stays linear.
func (s *scratch) numberDepth(k, depth int) (v, next int, ok bool) {
	t := s.at(k)
	switch t.k {
	case tNum:
		if t.e-t.s > 3 {
			return 0, 0, false
		}
		return s.num(k), k + 1, true
	case tWord:
	default:
		return 0, 0, false
	}
	e := s.lex(k)
	// "a hundred", "one hundred"
	if depth > 0 && (s.is(k+1, wHundred) || s.is(k, wCiento)) {
		return 0, 0, false
	}
	if (s.is(k, wA) || e.num == 1) && s.at(k+1).k == tWord && s.lex(k+1).num == 100 && s.is(k+1, wHundred) {
		v, next = 100, k+2
		if s.at(next).k == tWord && s.is(next, wAnd) {
			if r, n, ok := s.numberDepth(next+1, 1); ok && r < 100 {
				return 100 + r, n, true
			}
		}
		if r, n, ok := s.numberDepth(next, 1); ok && r < 100 && s.at(next).k == tWord {
			return 100 + r, n, true
		}
		return v, next, true
	}
	if e.num < 0 || s.is(k, wHundred) {
		return 0, 0, false
	}
	v, next = int(e.num), k+1
	if v == 100 { // cien, ciento (y) ...
		if r, n, ok := s.numberDepth(next, 1); ok && r < 100 && s.at(next).k == tWord && s.is(k, wCiento) {
			return 100 + r, n, true
		}
		return v, next, true
	}
	if v >= 20 && v%10 == 0 {
		// "ninety-two", "ninety two", "noventa y dos"
		j := next
		if s.isPunct(j, '-') && s.glued(j) && s.glued(j+1) {
			j++
		} else if s.at(j).k == tWord && s.is(j, wY) {
			j++
		}
		if u := s.lex(j); s.at(j).k == tWord && u.num >= 1 && u.num <= 9 {
			return v + int(u.num), j + 1, true
		}
	}
	return v, next, true
}

// small numbers as strings, so an age needs no allocation.
var smallNums [131]string

func init() {
	for i := range smallNums {
		if i < 10 {
			smallNums[i] = digitStr[i : i+1]
		} else if i < 100 {
			smallNums[i] = string([]byte{byte('0' + i/10), byte('0' + i%10)})
		} else {
			smallNums[i] = string([]byte{'1', byte('0' + i/10%10), byte('0' + i%10)})
		}
	}
}
