package scan

import "testing"

func TestAddress(t *testing.T) {
	runCases(t, []Kind{Address, ZIP}, []tc{
		{"Dropped off Ava's nebulizer at 1127 Birchwood Ln like we promised", []string{"+address:1127 Birchwood Ln"}},
		{"at 1127 birchwood ln", []string{"+address:1127 birchwood ln"}},
		{"123 Maple St.", []string{"+address:123 Maple St"}},
		{"123 Maple St., Springfield, IL 62704", []string{"+address:123 Maple St., Springfield, IL 62704"}},
		{"48 Harbor Road, Lakeside, MI 49116", []string{"+address:48 Harbor Road, Lakeside, MI 49116"}},
		{"1600 Pennsylvania Avenue NW", []string{"+address:1600 Pennsylvania Avenue"}},
		{"22 W 3rd St apt 4B", []string{"+address:22 W 3rd St apt 4B"}},
		{"5 North Main Street", []string{"+address:5 North Main Street"}},
		{"12B Elm Ct", []string{"+address:12B Elm Ct"}},
		{"We mailed it to PO Box 1182, Bridgman MI 49106 — should be there", []string{"+address:PO Box 1182, Bridgman MI 49106"}},
		{"P.O. Box 77", []string{"+address:P.O. Box 77"}},
		{"post office box 12", []string{"+address:post office box 12"}},
		{"Apartado Postal 45", []string{"+address:Apartado Postal 45"}},
		{"she's in Apt 4B", []string{"~address:Apt 4B"}},
		{"suite 200", []string{"~address:suite 200"}},
		{"vive en la Calle Luna 14", []string{"+address:Calle Luna 14"}},
		{"El niño de la calle Olmo que vino", []string{"~address:calle Olmo"}},
		{"Av. Juárez #45", []string{"+address:Av. Juárez #45"}},
		{"Avenida de los Insurgentes 300", []string{"+address:Avenida de los Insurgentes 300"}},
		{"she lives at 14 Elm, near the school", []string{"~address:14 Elm"}},
		{"new address: 220 Birch Hollow, Dexter, MI 48130", []string{"~address:220 Birch Hollow, Dexter, MI 48130"}},
		{"vive en 45 Juárez", []string{"~address:45 Juárez"}},
		{"lives on Birchwood Lane", []string{"~address:Birchwood Lane"}},
		{"The little girl from Harbor Pines trailer park with the burns", []string{"~address:Harbor Pines trailer park"}},
		{"she lives in the Oak Ridge Apartments on 5th", []string{"~address:Oak Ridge Apartments"}},
		{"Vive en la colonia Del Valle, cerca del parque", []string{"~address:colonia Del Valle"}},
		{"Vive en Av. Revolución 1234, Col. Centro, CP 06000", []string{"+address:Av. Revolución 1234", "~address:Col. Centro", "+zip:06000"}},
		{"Write to 1420 W. Michigan Ave., Apt 3C, Ypsilanti, MI 48197", []string{"+address:1420 W. Michigan Ave., Apt 3C, Ypsilanti, MI 48197"}},
		{"new address: 500 E Main St Ste 200, Ann Arbor, MI 48104", []string{"+address:500 E Main St Ste 200, Ann Arbor, MI 48104"}},
		// not addresses
		{"3 kids down the road", nil},
		{"2 big road trips", nil},
		{"we saw 12 patients in the way", nil},
		{"Dr. Raman saw 3 Dr visits", nil},
		{"in 10000 steps", nil},
		{"$49116", nil},
		{"1,200 flu shots", nil},
		{"room 3, bed 4", nil},
		{"unit 5", nil},
		{"at 14 Elm", nil}, // no cue
		{"lives at 3 in the morning", nil},
		{"en la calle", nil},
		{"IN 2023 WE GREW", nil},
		{"Main Street businesses", []string{"~address:Main Street"}}, // weak: the engine decides
	})
}
