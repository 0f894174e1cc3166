// Package textnorm reads a draft the way an evader hopes the classifier
// won't: it drops invisible characters, folds look-alike letters from other
// scripts and full-width or styled forms to plain ASCII, and splits the text
// into word tokens whose folded forms (lower case, no accents, leetspeak
// read back) are what lexicons match. Every byte it produces maps back to a
// UTF-16 offset of the original text, so findings can be reported on what
// the person typed.
package textnorm
