package scan

import "testing"

func TestAge(t *testing.T) {
	runCases(t, []Kind{Age}, []tc{
		{"a 47-year-old man with chest pain", []string{"+47-year-old"}},
		{"47 year old", []string{"+47 year old"}},
		{"she's 47 years old", []string{"+47 years old"}},
		{"a 47-yr-old", []string{"+47-yr-old"}},
		{"a 34 y/o from bay 3 with", []string{"+34 y/o"}},
		{"14 y/o F dx w/ anorexia today", []string{"+14 y/o F"}},
		{"47 y.o. male", []string{"+47 y.o. male"}},
		{"Had a 3yo in today with a bead", []string{"+3yo"}},
		{"45yo M presented with", []string{"+45yo M"}},
		{"7yo M s/p appy last wk", []string{"+7yo M"}},
		{"47 yo M", []string{"+47 yo M"}},
		{"47y/o", []string{"+47y/o"}},
		{"pt is 47y.o. F", []string{"+47y.o. F"}},
		{"our 2 wk old in room 3 w/ jaundice", []string{"+2 wk old"}},
		{"came to us at 18 months old", []string{"+18 months old"}},
		{"a 6-month-old", []string{"+6-month-old"}},
		{"92 years of age", []string{"+92 years of age"}},
		{"a ninety-two-year-old", []string{"+ninety-two-year-old"}},
		{"a six year old", []string{"+six year old"}},
		{"Teddy (age 4) picked the ugliest bandaid", []string{"+age 4"}},
		{"diagnosed at age 6", []string{"+age 6"}},
		{"aged 90, she still drives", []string{"+aged 90"}},
		{"age: 92", []string{"+age:age: 92"}},
		{"just turned 95!", []string{"~turned 95"}},
		{"she turns 100 today", []string{"~turns 100"}},
		{"cumplió 90 años", []string{"+cumplió 90 años"}},
		{"Tell Grandma Rosa happy 94th!!", []string{"~happy 94th"}},
		{"Happy 10th birthday to our buddy", []string{"~Happy 10th birthday"}},
		{"just before his 2nd birthday", []string{"~2nd birthday"}},
		{"El niño de 5 años de la calle Olmo", []string{"+de 5 años"}},
		{"tiene 3 años y", []string{"+tiene 3 años"}},
		{"una niña de cinco años", []string{"+de cinco años"}},
		{"un señor de noventa y dos años", []string{"+de noventa y dos años"}},
		{"a los 6 años", []string{"+los 6 años"}},
		{"bebé de 18 meses", []string{"+de 18 meses"}},
		{"47 años de edad", []string{"+47 años de edad"}},
		{"Great-grandpa Walter Price (97!) brought", []string{"~(97!)"}},
		{"Walter Price, 97, of Lakeside", []string{"~97"}},
		{"Jenny is now 12 and runs her own pump", []string{"~12"}},
		{"Today Aiden is 6.", []string{"~6"}},
		{"twins Asher & Ava are ONE today", []string{"~ONE"}},
		{"a 47M with chest pain", []string{"+47M"}},
		{"62F w/ SOB since this am", []string{"+62F"}},
		{"a 3mo with RSV", []string{"~3mo"}},
		{"Mrs. Alvarez in 214B is 101 today!!", []string{"~101"}},
		{"Our oldest patient turned one hundred and three yesterday", []string{"~turned one hundred and three"}},
		{"El paciente tiene setenta y cinco años", []string{"+tiene setenta y cinco años"}},
		{"cumple 3 añitos mañana", []string{"+cumple 3 añitos"}},
		{"Happy 94th to our Rosa!", []string{"~Happy 94th"}},
		{"Doña Rosa, 90 años, nos visitó", []string{"+90 años"}},
		{"pt in bed 4, 82F, s/p fall", []string{"+82F"}},
		{"Mr. J, 67, presented w/ CP", []string{"~67"}},
		// groups and other numbers
		{"It's 82F outside", nil},
		{"Happy 5th work anniversary to Dr. Raman!", nil},
		{"Happy 1st day of school!", nil},
		{"We see kids from birth to 18 years old", nil},
		{"COVID boosters for 6 months and up", nil},
		{"Patients 18 and older", nil},
		{"raised $47M for the new wing", nil},
		{"the 47M budget", nil},
		{"follow up in 3mo", nil},
		{"our former 26-weeker Luca", nil},
		{"Nova's 2-month shots", nil},
		{"flu shots for everyone age 65 and older", nil},
		{"adults age 65+ should", nil},
		{"kids ages 6-12", nil},
		{"kids under age 5", nil},
		{"great for 4-year-olds", nil},
		{"3 to 5 year old kids", nil},
		{"3-5 year olds", nil},
		{"from 6 months to 5 years old", nil},
		{"hace 3 años", nil},
		{"con más de 20 años de experiencia", nil},
		{"tiene 12 años de experiencia", nil},
		{"turn 180 degrees", nil},
		{"Dr. Raman is 6 feet tall", nil},
		{"It is 5.", nil},
		{"open 9am-1pm", nil},
		{"1,200 flu shots", nil},
		{"in 2 years", nil},
		{"12 years serving Lakeside", nil},
	})
}

func TestAgeDigits(t *testing.T) {
	m := firstOf(t, "a ninety-two-year-old", Age)
	if m.Digits != "92" || m.Value != "years" {
		t.Errorf("digits %q value %q", m.Digits, m.Value)
	}
	m = firstOf(t, "2 wk old", Age)
	if m.Digits != "2" || m.Value != "weeks" {
		t.Errorf("digits %q value %q", m.Digits, m.Value)
	}
	m = firstOf(t, "a hundred and two year old", Age)
	if m.Digits != "102" {
		t.Errorf("digits %q", m.Digits)
	}
}
