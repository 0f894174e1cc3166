package scan

import "strings"

// A label is a phrase that introduces an identifier number: "member ID",
// "número de expediente", "S/N". Words are folded lower case; punctuation
// tokens ("/", "-") are written as words; dots between words are optional
// in the text ("med. rec.").
type label struct {
	words []string
	kind  Kind
	amb   bool // also an ordinary word ("chart", "policy", "tag"): needs a '#'/"no." or a longer number
}

var labels []label

// partial marks the labels of partial numbers ("ending in 8810"); it is
// never reported.
const partial = numKinds

func buildLabels() {
	add := func(kind Kind, amb bool, phrases string) {
		for _, p := range strings.Split(phrases, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			labels = append(labels, label{words: strings.Fields(p), kind: kind, amb: amb})
		}
	}
	add(MRN, false, `mrn, mr number, med rec, medical record, medical records, medical record number,
		record number, chart number, patient id, patient identifier, patient number, pt id, hospital number,
		encounter number, csn, expediente, número de expediente, numero de expediente, no de expediente,
		historia clínica, historia clinica, número de historia clínica, numero de historia clinica,
		registro médico, registro medico, id de paciente, id del paciente, número de paciente, numero de paciente`)
	add(MRN, true, `chart, record, patient, pt, case number, case, rx`)
	add(MRN, false, `rx number, prescription number, prescription #, número de receta, numero de receta`)
	add(HealthPlan, false, `member id, member number, subscriber id, subscriber number, policy number, policy id,
		group number, group id, plan id, insurance id, insurance number, medicaid id, medicaid number, medicaid,
		medicare id, medicare number, medicare, mbi, beneficiary id, hicn, medi - cal, chip id,
		número de miembro, numero de miembro, id de miembro, número de póliza, numero de poliza, póliza, poliza,
		número de afiliado, numero de afiliado, afiliado, número de medicaid, numero de medicaid, número de seguro médico`)
	add(HealthPlan, true, `member, subscriber, policy, group, grp, insurance, plan, miembro, seguro`)
	// Insurer names work as labels: "BCBS ID: XYZ123456789", "Aetna W123456789".
	add(HealthPlan, true, `bcbs, blue cross, blue shield, aetna, cigna, humana, anthem, unitedhealthcare,
		united healthcare, uhc, kaiser, molina, ambetter, tricare, wellcare, centene, caresource, amerigroup,
		highmark, premera, regence, oscar, medi - cal, medi-cal, chip, imss, issste`)
	// A bare "ID" is most often the patient's own.
	add(MRN, true, `id`)
	add(Account, false, `account number, acct, acct number, billing account, invoice number, card ending, card number,
		número de cuenta, numero de cuenta, no de cuenta, número de factura, numero de factura, iban`)
	add(Account, true, `account, invoice, statement, cuenta, factura, tarjeta, balance, claim, reclamo`)
	add(Account, false, `claim number, claim id, número de reclamo, numero de reclamo`)
	add(License, false, `license number, licence number, driver's license, drivers license, driver license,
		driver's licence, drivers licence, driving licence, dl, dln, licencia de conducir, licencia de manejo,
		número de licencia, numero de licencia, certificate number, passport, pasaporte, state id, id card`)
	add(License, true, `license, licence, lic, licencia, certificate, cert, certificado, permit`)
	add(Vehicle, false, `plate, plates, license plate, licence plate, plate number, placa, placas, matrícula,
		matricula, vin, vin number`)
	add(Vehicle, true, `tag, tags`)
	add(Device, false, `serial, serial number, serial no, s / n, sn, device id, device number, device serial,
		udi, imei, número de serie, numero de serie, no de serie`)
	add(Device, true, `serie`)
	// Partial numbers take the kind of the label before them in the
	// draft ("driver's license ... number ending 8810"), else Account.
	add(partial, false, `number ending, ending in, ending with, ends in, ends with, last four, last 4, last four digits, last 4 digits,
		termina en, terminación, terminacion, últimos cuatro, ultimos cuatro, últimos 4, ultimos 4`)
	add(SSN, false, `ssn, ss, social security, social security number, soc sec, social, seguro social,
		número de seguro social, numero de seguro social, ssn number`)
	for i, l := range labels {
		e := entry(l.words[0])
		e.labels = append(e.labels, uint16(i))
	}
}

// matchLabel tries the labels that start at word token k and returns the
// longest that matches: its index and the token after it.
func (s *scratch) matchLabel(k int) (li int, next int, ok bool) {
	e := s.lex(k)
	best := -1
	bestEnd := 0
	for _, idx := range e.labels {
		l := &labels[idx]
		j := k + 1
		matched := true
		for _, w := range l.words[1:] {
			if s.isPunct(j, '.') && s.glued(j) { // "med. rec."
				j++
			}
			t := s.at(j)
			if t.k == tPunct {
				if len(w) != 1 || t.c != w[0] {
					matched = false
					break
				}
			} else if t.k != tWord || !foldEq(s.text[t.s:t.e], w) {
				matched = false
				break
			}
			j++
		}
		if matched && j > bestEnd {
			best, bestEnd = int(idx), j
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	return best, bestEnd, true
}
