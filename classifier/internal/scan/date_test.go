package scan

import (
	"strings"
	"testing"
)

func TestDate(t *testing.T) {
	runCases(t, []Kind{Date}, []tc{
		// numeric
		{"refill can't go through until 3/2 — so sorry!", []string{"~3/2"}},
		{"born 3/14/2023 and now he's WALKING", []string{"+3/14/2023"}},
		{"Zoe went home after being admitted 2/9 for RSV", []string{"+2/9"}},
		{"DOB: 04/02/2019", []string{"+04/02/2019"}},
		{"fecha de nacimiento 14/03/2023", []string{"+14/03/2023"}},
		{"discharged 2023-03-14", []string{"+2023-03-14"}},
		{"seen 3-14-23", []string{"+3-14-23"}},
		{"14.03.2023", []string{"~14.03.2023"}},
		{"passed away 12/1/22", []string{"+12/1/22"}},
		{"clinic closed 12/24 and 12/25", []string{"~12/24", "~12/25"}},
		{"flu clinic 10/3-10/5", []string{"~10/3", "~10/5"}},
		{"DOB 14-Mar-2023", []string{"+14-Mar-2023"}},
		{"seen 3/Mar/23", []string{"+3/Mar/23"}},
		{"la cita es el 25/12", []string{"+25/12"}},
		{"desde el 15/3 está internado", []string{"~15/3"}},
		{"nació el primero de mayo", []string{"+primero de mayo"}},
		// month names
		{"surgery on March 3", []string{"+March 3"}},
		{"see you Mar 3rd!", []string{"~Mar 3rd"}},
		{"born on March 3, 2023 at 4am", []string{"+March 3, 2023"}},
		{"died Sept. 14", []string{"+Sept. 14"}},
		{"nació el 3 de marzo de 2021", []string{"+3 de marzo de 2021"}},
		{"la cita es el 14 de junio", []string{"+14 de junio"}},
		{"her due date is the 3rd of June", []string{"+3rd of June"}},
		{"14th March", []string{"~14th March"}},
		{"Tuesday, March 3", []string{"~Tuesday, March 3"}},
		{"March 24–28 we're closed", []string{"~March 24–28"}},
		{"since March 2023", []string{"~March 2023"}},
		{"can't wait to see him again in March", []string{"~March"}},
		{"nos vemos en octubre", []string{"~octubre"}},
		{"appointment on the 14th for her follow-up", []string{"+on the 14th"}},
		{"See you both on the 14th!", []string{"~on the 14th"}},
		{"born March third", []string{"+March third"}},
		{"see you on the fourteenth!", []string{"~on the fourteenth"}},
		{"her surgery is the first of June", []string{"+first of June"}},
		{"on the first try", nil},
		{"the second time", nil},
		// weekdays only with something that pins them down
		{"so sorry about the wait last Tuesday", []string{"~last Tuesday"}},
		{"see you next Thursday for the next one", []string{"~next Thursday"}},
		{"wants Sadie back Thursday at 10:15 for a weight check", []string{"~Thursday at 10:15"}},
		{"el jueves pasado", []string{"~jueves pasado"}},
		{"el próximo lunes", []string{"~próximo lunes"}},
		{"open Saturday 9-12", nil},
		{"Prenatal yoga every Tuesday at 6pm", nil},
		{"cada jueves a las 10", nil},
		{"Nos vemos el jueves", nil},
		// not dates
		{"a year alone: 2023", nil},
		{"1/2 cup of water", nil},
		{"3/4 of kids", nil},
		{"BP 120/80", nil},
		{"open 24/7", nil},
		{"rated 13/10", nil},
		{"20/20 vision", nil},
		{"you may 3 times a day", nil},
		{"march in the parade", nil},
		{"May I ask", nil},
		{"on the 3rd floor", nil},
		{"for the 2nd time", nil},
		{"4th grade", nil},
		{"1.5 mg", nil},
		{"ages 3-5", nil},
		{"10.0.0.1", nil},
		{"2 weeks ago", nil},
		{"sun's out", nil},
		{"1,200 flu shots", nil},
	})
}

func TestWeekdays(t *testing.T) {
	for text, want := range map[string][]string{
		"loved seeing you Monday!":           {"Monday"},
		"nos vemos el viernes en la clínica": {"viernes"},
		"Walk in every Tuesday at 6pm":       nil,
		"los martes no abrimos":              nil,
		"we sat in the sun all day":          nil,
		"no weekday here":                    nil,
	} {
		var got []string
		for _, m := range Weekdays(text, nil) {
			got = append(got, text[m.Start:m.End])
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("Weekdays(%q) = %q; want %q", text, got, want)
		}
	}
}
