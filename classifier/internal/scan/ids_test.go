package scan

import "testing"

func TestLabelledIDs(t *testing.T) {
	runCases(t, []Kind{MRN, HealthPlan, Account, License, Vehicle, Device, SSN}, []tc{
		// medical record numbers
		{"MRN 00482913 is under Jaxon's old last name", []string{"+mrn:MRN 00482913"}},
		{"MRN: 5521-009", []string{"+mrn:MRN: 5521-009"}},
		{"Su número de expediente es 00519377 por si lo necesita", []string{"+mrn:número de expediente es 00519377"}},
		{"chart #88120 left on the printer", []string{"+mrn:chart #88120"}},
		{"med. rec. no. 4471-22", []string{"+mrn:med. rec. no. 4471-22"}},
		{"Annie's MRN is 0 0 6 3 0 4 1 8 — give that", []string{"+mrn:MRN is 0 0 6 3 0 4 1 8"}},
		{"his medical record number is zero zero four seven one one nine six", []string{"+mrn:medical record number is zero zero four seven one one nine six"}},
		{"patient ID: A-77120", []string{"+mrn:patient ID: A-77120"}},
		{"historia clínica 8812093", []string{"+mrn:historia clínica 8812093"}},
		// health plans
		{"your BluePeak member ID XGP448120977 is showing inactive", []string{"+plan:member ID XGP448120977"}},
		{"policy # MHP-7720-0193-02 went through!!", []string{"+plan:policy # MHP-7720-0193-02"}},
		{"Medicaid ID 2219 4406 18 for the twins?", []string{"+plan:Medicaid ID 2219 4406 18"}},
		{"número de miembro MHP-5530-2281-01 ✅", []string{"+plan:número de miembro MHP-5530-2281-01"}},
		{"Medicare number 1EG4-TE5-MK73", []string{"+plan:Medicare number 1EG4-TE5-MK73"}},
		{"group # 004417", []string{"+plan:group # 004417"}},
		{"póliza: AZ-99812", []string{"+plan:póliza: AZ-99812"}},
		// accounts
		{"Whoever paid $45 on account #20931 without a name", []string{"+account:account #20931"}},
		{"your balance on account #LSP-20931 is $45", []string{"+account:account #LSP-20931"}},
		{"acct no. 7 7 0 4 1 9 2 — that's the one", []string{"+account:acct no. 7 7 0 4 1 9 2"}},
		{"número de cuenta 00912-771", []string{"+account:número de cuenta 00912-771"}},
		{"card 4111 1111 1111 1111 on file", []string{"+account:4111 1111 1111 1111"}},
		// licences
		{"a driver's license for Jenna Ortiz, MI DL O 263 554 781 902", []string{"+license:DL O 263 554 781 902"}},
		{"driver's license # D1234-56789", []string{"+license:driver's license # D1234-56789"}},
		{"licencia de conducir 12345678", []string{"+license:licencia de conducir 12345678"}},
		{"certificate no. 2023-00417", []string{"+license:certificate no. 2023-00417"}},
		// vehicles
		{"To whoever owns plate DXR-4471: you're parked", []string{"+vehicle:plate DXR-4471"}},
		{"silver minivan, plate 8KLM 221: your son's inhaler", []string{"+vehicle:plate 8KLM 221"}},
		{"placa ABC-123-D", []string{"+vehicle:placa ABC-123-D"}},
		{"VIN 1HGCM82633A004352 — that's the car", []string{"+vehicle:VIN 1HGCM82633A004352"}},
		{"the car 1HGCM82633A004352 was left running", []string{"+vehicle:1HGCM82633A004352"}},
		{"tag XYZ 1234", []string{"+vehicle:tag XYZ 1234"}},
		// devices
		{"serial HA-20-77314 🎧 we tried", []string{"+device:serial HA-20-77314"}},
		{"Serial PMP-88213-K was left in exam room 2", []string{"+device:Serial PMP-88213-K"}},
		{"cochlear implant (serial CI-5520917) was switched on", []string{"+device:serial CI-5520917"}},
		{"S/N: 00A7-4431", []string{"+device:S/N: 00A7-4431"}},
		{"SN# 889120", []string{"+device:SN# 889120"}},
		{"número de serie 44-1290", []string{"+device:número de serie 44-1290"}},
		{"BCBS ID: XYZ123456789 Grp# 77321", []string{"+plan:BCBS ID: XYZ123456789", "+plan:Grp# 77321"}},
		{"Her insurance: Aetna, Member ID W123456789, Group 0012345", []string{"+plan:Member ID W123456789", "+plan:Group 0012345"}},
		{"ID: 4471-2290", []string{"+mrn:ID: 4471-2290"}},
		{"Her chart number is A00192-3", []string{"+mrn:chart number is A00192-3"}},
		{"Rx #6600123 ready for pickup", []string{"+mrn:Rx #6600123"}},
		{"Claim # 2024-00091-22 was denied", []string{"+account:Claim # 2024-00091-22"}},
		{"Medicaid # 123456789A", []string{"+plan:Medicaid # 123456789A"}},
		{"member id: zgp 448 120 977", []string{"+plan:member id: zgp 448 120 977"}},
		{"plate # 7 A B C 1 2 3", []string{"+vehicle:plate # 7 A B C 1 2 3"}},
		{"hearing aid S/N: 2207XK4410", []string{"+device:S/N: 2207XK4410"}},
		{"pacemaker model ADDR01 serial PJN600123H", []string{"+device:serial PJN600123H"}},
		{"Pt: Jane D., DOB 1/2/1950, Rm 12", nil}, // the date is not a patient ID
		{"MRN 12345 I think", []string{"+mrn:MRN 12345"}},
		// partial numbers take the kind of the label before them
		{"left their driver's license at check-in (last name starts with K, number ending 8810)", []string{"~license:number ending 8810"}},
		{"card ending in 4417 was declined", []string{"+account:card ending in 4417"}},
		{"the one ending in 0923", []string{"~account:ending in 0923"}},
		{"his SSN ends in 4417 I think", []string{"~ssn:ends in 4417"}},
		// not identifiers
		{"our policy is to call back within 24 hours", nil},
		{"follow our account for 1000 tips", nil},
		{"the chart 2024 update", nil},
		{"tag 2 friends below", nil},
		{"a member of our team since 2019", nil},
		{"check your insurance card", nil},
		{"patient #3 today was a toddler", nil},
		{"the 1HGCM82633A004353 is not a VIN", nil}, // bad check digit, no label
		{"group visits for 12 families", nil},
		{"a record 12000 flu shots this year", nil},
		{"Humana 5000 members", nil},
		{"bring your photo ID and insurance card", nil},
		{"la serie 2024 de charlas", nil},
		{"sn i think so", nil},
	})
}

func TestIDDigitsAndValue(t *testing.T) {
	m := firstOf(t, "member ID XGP448120977 inactive", HealthPlan)
	if m.Digits != "448120977" || m.Value != "XGP448120977" {
		t.Errorf("digits %q value %q", m.Digits, m.Value)
	}
	m = firstOf(t, "MRN 0 0 6 3 0 4 1 8", MRN)
	if m.Digits != "00630418" || m.Value != "" {
		t.Errorf("digits %q value %q", m.Digits, m.Value)
	}
}

func TestVINCheckDigit(t *testing.T) {
	for v, want := range map[string]bool{
		"1HGCM82633A004352": true,
		"1M8GDM9AXKP042788": true,
		"1HGCM82633A004353": false,
		"1HGCM82633A00435":  false,
		"IHGCM82633A004352": false, // I is not allowed
	} {
		if got := vinValid(v); got != want {
			t.Errorf("vinValid(%q) = %v", v, got)
		}
	}
}
