package textnorm

import "unicode"

// invisible reports characters that render as nothing and exist in drafts
// mostly to split words apart: zero-width spaces and joiners, the soft
// hyphen, word joiners, BOMs and bidi controls.
func invisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x180E:
		return true
	case r >= 0x200B && r <= 0x200F:
		return true
	case r >= 0x202A && r <= 0x202E:
		return true
	case r >= 0x2060 && r <= 0x2069:
		return true
	case r == 0xFEFF:
		return true
	}
	return false
}

// confusables maps letters of other scripts that look like Latin ones.
var confusables = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c',
	'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ї': 'i', 'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w',
	'һ': 'h', 'ӏ': 'l', 'ɡ': 'g',
	'А': 'A', 'В': 'B', 'Е': 'E', 'Ё': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C',
	'Т': 'T', 'У': 'Y', 'Х': 'X', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ԁ': 'D', 'Ԛ': 'Q', 'Ԝ': 'W', 'Һ': 'H',
	// Greek
	'α': 'a', 'ο': 'o', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ε': 'e',
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O',
	'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	// Latin look-alikes and typographic forms
	'ı': 'i', 'ȷ': 'j', 'ℓ': 'l',
	'\u2018': '\'', '\u2019': '\'', '\u02BC': '\'', '\u2032': '\'', '`': '\'',
	'\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
	'\u00A0': ' ', '\u2007': ' ', '\u202F': ' ', '\u3000': ' ', '\u2002': ' ', '\u2003': ' ', '\u2009': ' ',
	'\u201C': '"', '\u201D': '"',
}

// foldRune turns a rune into the plain character it stands for, keeping
// case. It returns r itself when there is nothing to fold.
func foldRune(r rune) rune {
	if r < 0x80 {
		return r
	}
	if c, ok := confusables[r]; ok {
		return c
	}
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return r - 0xFF01 + 0x21
	case r >= 0x1D400 && r <= 0x1D6A3: // mathematical bold, italic, script... letters
		i := (r - 0x1D400) % 52
		if i < 26 {
			return 'A' + i
		}
		return 'a' + i - 26
	case r >= 0x1D7CE && r <= 0x1D7FF: // mathematical digits
		return '0' + (r-0x1D7CE)%10
	case r >= 0x24B6 && r <= 0x24CF: // circled capitals
		return 'A' + r - 0x24B6
	case r >= 0x24D0 && r <= 0x24E9: // circled small letters
		return 'a' + r - 0x24D0
	case r >= 0x1F130 && r <= 0x1F149: // squared capitals
		return 'A' + r - 0x1F130
	case r >= 0x1F150 && r <= 0x1F169: // negative circled capitals
		return 'A' + r - 0x1F150
	case r >= 0x1F170 && r <= 0x1F189: // negative squared capitals
		return 'A' + r - 0x1F170
	case r >= 0x1F1E6 && r <= 0x1F1FF: // regional indicators used as letters
		return 'A' + r - 0x1F1E6
	}
	return r
}

// accentless maps accented Latin letters to their base letter, lower case.
var accentless = map[rune]byte{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ā': 'a',
	'ç': 'c', 'č': 'c', 'ć': 'c',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e', 'ę': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ī': 'i',
	'ñ': 'n', 'ń': 'n',
	'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o', 'ō': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ū': 'u',
	'ý': 'y', 'ÿ': 'y', 'š': 's', 'ž': 'z', 'ł': 'l',
}

// lowerByte returns the folded lower-case ASCII form of a letter or digit
// rune, or 0 when the rune has none (it is then kept as UTF-8).
func lowerByte(r rune) byte {
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			return byte(r) + 'a' - 'A'
		}
		return byte(r)
	}
	lr := unicode.ToLower(r)
	if b, ok := accentless[lr]; ok {
		return b
	}
	return 0
}

// leet reads leetspeak digits and symbols back as the letters they stand for.
func leet(b byte) byte {
	switch b {
	case '0':
		return 'o'
	case '1':
		return 'i'
	case '3':
		return 'e'
	case '4':
		return 'a'
	case '5':
		return 's'
	case '7':
		return 't'
	case '8':
		return 'b'
	case '@':
		return 'a'
	case '$':
		return 's'
	case '!':
		return 'i'
	}
	return b
}

// isEmojiLike reports pictographs, dingbats, joiners and variation
// selectors: what people put between letters to split a word.
func isEmojiLike(r rune) bool {
	switch {
	case r == 0x200D || (r >= 0xFE00 && r <= 0xFE0F):
		return true
	case r >= 0x1F000 && r <= 0x1FAFF:
		return true
	case r >= 0x2600 && r <= 0x27BF:
		return true
	case r >= 0x2B00 && r <= 0x2BFF:
		return true
	case r == 0x2764 || r == 0x2665 || r == 0x2022 || r == 0x00B7 || r == 0x2605 || r == 0x2606:
		return true
	}
	return false
}
