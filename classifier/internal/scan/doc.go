// Package scan finds the numeric and structured identifiers of the HIPAA Safe
// Harbor list in a draft: phones and faxes, SSNs, emails, URLs, IP addresses,
// record, plan, account, licence, vehicle and device numbers, dates tied to
// people, ages, ZIP codes and street addresses.
//
// The scanners are hand-written and share one token stream (token.go), so a
// draft is read once by the tokenizer and then once per family, in linear
// time and without regular expressions: the classifier calls Scan on every
// keystroke.
//
//	token.go    words, numbers, codes and punctuation with their offsets and case
//	lexicon.go  one table lookup per word gives every role it plays (month, label, cue...)
//	digits.go   digit runs however they are written: "555-201-3300", "5 5 5", "five five five",
//	            "cincuenta y cinco", "double five", "2O1" (leetspeak), keycap emoji
//	phone.go    NANP phones (and cued foreign ones), faxes by label, payment cards (Luhn)
//	ssn.go      SSNs with the area, group and serial rules
//	labels.go   the label phrases ("MRN", "member ID", "número de expediente", "S/N")
//	ids.go      the value after a label: MRN, health plan, account, licence, plate, device
//	vin.go      VINs by check digit
//	email.go    addresses, also spelled out ("name arroba mail punto com")
//	url.go      links with a scheme, www. or a known TLD
//	ip.go       IPv4 and IPv6
//	date.go     numeric and named dates, "on the 14th", pinned weekdays
//	age.go      "47-year-old", "47 y/o", "age 92", "turned 95", "de 47 años"...
//	address.go  streets, PO boxes, apartments, Spanish streets, named places
//	zip.go      ZIP codes in context
//
// The input is text the engine has already normalised (zero-width and bidi
// characters removed, confusables folded to ASCII), but digits are not
// joined and number words are not converted: that is done here.
//
// Scan reports shapes, not verdicts. Strong means validated or labelled (an
// SSN that passes the area rules, a number after "MRN", a VIN whose check
// digit holds, a date after "born"); weak hits are left to the engine, which
// knows the organisation's own numbers and the health context around them.
package scan
