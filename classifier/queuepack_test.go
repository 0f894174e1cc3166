package classifier_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

func TestQueueSection(t *testing.T) {
	const key = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
	ok := `{"schema":"scrubs.pack/1","name":"q","base":"default","org":{"name":"Clinic"},
		"queue":{"officers":[{"name":"Ann Officer","key":"` + key + `"}],"expiry_days":7}}`
	p, err := classifier.ParsePack([]byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	e, err := classifier.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	if q := e.Pack().Queue; q == nil || q.Expiry() != 7 || q.Keys()[0] != key {
		t.Fatalf("merged queue: %+v", q)
	}
	if (*classifier.Queue)(nil).Expiry() != classifier.DefaultQueueExpiryDays || (&classifier.Queue{}).Expiry() != 14 {
		t.Error("default expiry")
	}
	for path, section := range map[string]string{
		"queue.officers[0].key":  `{"officers":[{"name":"A","key":"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8q"}]}`,
		"queue.officers[1].key":  `{"officers":[{"name":"A","key":"` + key + `"},{"name":"B","key":"` + key + `"}]}`,
		"queue.officers[1].name": `{"officers":[{"name":"A","key":"` + key + `"},{"name":"A","key":"age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg"}]}`,
		"queue.officers[0].name": `{"officers":[{"name":" ","key":"` + key + `"}]}`,
		"queue.expiry_days":      `{"officers":[],"expiry_days":91}`,
	} {
		_, err := classifier.ParsePack([]byte(`{"schema":"scrubs.pack/1","name":"q","org":{"name":"C"},"queue":` + section + `}`))
		var ve *classifier.ValidationError
		if !errors.As(err, &ve) || ve.Problems[0].Path != path {
			t.Errorf("%s: %v", path, err)
		}
	}
	_, err = classifier.ParsePack([]byte(`{"schema":"scrubs.pack/1","name":"q","org":{"name":"C"},"queue":{"officers":[{"name":"A","key":"AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"}]}}`))
	if err == nil || !strings.Contains(err.Error(), "never the secret one") {
		t.Errorf("a secret key in the pack: %v", err)
	}
}
