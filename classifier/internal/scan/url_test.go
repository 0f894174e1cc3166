package scan

import "testing"

func TestURL(t *testing.T) {
	runCases(t, []Kind{URL}, []tc{
		{"help here: gofundme.example/f/kai-heart-fund  Kai is", []string{"+gofundme.example/f/kai-heart-fund"}},
		{"pay at lakesidepeds.example/pay 💳", []string{"+lakesidepeds.example/pay"}},
		{"see https://www.example.org/a?b=c.", []string{"+https://www.example.org/a?b=c"}},
		{"http://192.168.0.4:8080/x", []string{"+http://192.168.0.4:8080/x"}},
		{"www.carepages.co", []string{"+www.carepages.co"}},
		{"facebook.com/jane.doe.77", []string{"+facebook.com/jane.doe.77"}},
		{"find her on bit.ly/3xYz", []string{"+bit.ly/3xYz"}},
		{"(see caringbridge.org)", []string{"+caringbridge.org"}},
		{"my blog is jane.me/posts", []string{"+jane.me/posts"}},
		// not URLs
		{"Done.It was fun", nil},
		{"Thanks.See you soon", nil},
		{"e.g. fever", nil},
		{"U.S. News", nil},
		{"St.Mary's", nil},
		{"hello@lakesidepeds.example", nil}, // an email, not a link
		{"this is jane.me", nil},
		{"v1.2.3", nil},
	})
}

func TestURLHost(t *testing.T) {
	if m := firstOf(t, "go to WWW.Example.COM/Path", URL); m.Value != "www.example.com" {
		t.Errorf("host %q", m.Value)
	}
}
