// Package scan finds the numeric and structured identifiers of the HIPAA Safe
// Harbor list in a draft: phones and faxes, SSNs, emails, URLs, IP addresses,
// record, plan, account, licence, vehicle and device numbers, dates tied to
// people, ages, ZIP codes and street addresses.
//
// The scanners are hand-written and run over one shared token stream, so a
// whole draft is scanned in a single linear pass per family with no regular
// expressions: the classifier calls Scan on every keystroke.
//
// The input is text the engine has already normalised (zero-width and bidi
// characters removed, confusables folded to ASCII), but digits are not
// joined and number words are not converted: spaced, dotted and spelled-out
// digits ("5 5 5", "5.5.5", "five five five", "cinco cinco") are handled here.
//
// Scan reports shapes, not verdicts. Weak hits (Strong == false) are left to
// the engine, which knows the organisation's own numbers and the health
// context around them.
package scan
