package classifier

import (
	"fmt"
	"slices"
	"strings"

	"github.com/scrubs/scrubs/classifier/internal/selector"
)

func (v *validator) sites(sites []Site) {
	if len(sites) > MaxSites {
		v.add("sites", "has %d profiles; at most %d", len(sites), MaxSites)
		return
	}
	ids := map[string]int{}
	hosts := map[string]string{} // host -> the path that names it first
	fallback := -1
	for i := range sites {
		s := &sites[i]
		path := fmt.Sprintf("sites[%d]", i)
		v.siteID(path+".id", s.ID)
		if j, dup := ids[s.ID]; dup {
			v.add(path+".id", "%q is also sites[%d].id", s.ID, j)
		}
		ids[s.ID] = i
		if s.Platform != "" && !isToken(s.Platform, ".") {
			v.add(path+".platform", "%q is not a platform name (lower-case letters, digits, \".\" and \"-\")", s.Platform)
		}
		if len(s.Hosts) > MaxSiteHosts {
			v.add(path+".hosts", "has %d hosts; at most %d", len(s.Hosts), MaxSiteHosts)
		}
		if len(s.Hosts) == 0 {
			if fallback >= 0 {
				v.add(path+".hosts", "is empty, as sites[%d].hosts is; one profile at most reads the sites no profile names", fallback)
			}
			fallback = i
		}
		for j, h := range s.Hosts {
			hp := fmt.Sprintf("%s.hosts[%d]", path, j)
			if msg := hostProblem(h); msg != "" {
				v.add(hp, "%q %s", h, msg)
				continue
			}
			if other, dup := hosts[h]; dup {
				v.add(hp, "%q is also %s", h, other)
			}
			hosts[h] = hp
		}
		if len(s.Composers) == 0 {
			v.add(path+".composers", "is empty; a profile describes at least one composer")
		}
		if len(s.Composers) > MaxSiteComposers {
			v.add(path+".composers", "has %d composers; at most %d", len(s.Composers), MaxSiteComposers)
		}
		cids := map[string]int{}
		for j := range s.Composers {
			cp := fmt.Sprintf("%s.composers[%d]", path, j)
			v.composer(cp, &s.Composers[j])
			if k, dup := cids[s.Composers[j].ID]; dup {
				v.add(cp+".id", "%q is also %s.composers[%d].id", s.Composers[j].ID, path, k)
			}
			cids[s.Composers[j].ID] = j
		}
		if len(s.Submit) > MaxSiteControls {
			v.add(path+".submit", "has %d controls; at most %d", len(s.Submit), MaxSiteControls)
		}
		for j := range s.Submit {
			c := &s.Submit[j]
			cp := fmt.Sprintf("%s.submit[%d]", path, j)
			v.selector(cp+".selector", c.Selector, true)
			v.labels(cp+".labels", c.Labels)
			v.selector(cp+".composer", c.Composer, false)
		}
	}
}

func (v *validator) siteID(path, id string) {
	if id == "" {
		v.add(path, "is required")
	} else if !isToken(id, "") || len(id) > 64 {
		v.add(path, "%q is not an id (at most 64 lower-case letters, digits and \"-\")", id)
	}
}

func (v *validator) composer(path string, c *Composer) {
	v.siteID(path+".id", c.ID)
	v.selector(path+".selector", c.Selector, true)
	v.selector(path+".inside", c.Inside, false)
	v.selector(path+".not_inside", c.NotInside, false)
	v.labels(path+".labels", c.Labels)
	v.labels(path+".paths", c.Paths)
	if c.Mention != "" {
		if !strings.Contains(c.Mention, "{handle}") {
			v.add(path+".mention", "must hold {handle}, where the handle typed goes")
		} else {
			// a handle is letters, digits, "_" and "."
			v.selector(path+".mention", strings.ReplaceAll(c.Mention, "{handle}", "jane.doe_2"), true)
		}
		if c.Answers == nil {
			v.add(path+".mention", "needs answers.item, the item that holds the mention")
		}
	}
	switch c.Mode {
	case ModePost, ModeComment, ModeReply:
	case "":
		v.add(path+".mode", "is required: post, comment or reply")
	default:
		v.add(path+".mode", "%q is not a mode: post, comment or reply", c.Mode)
	}
	if c.Channel != "" && c.Channel != ChannelDM && c.Channel != ChannelReview {
		v.add(path+".channel", "%q is not a channel: %s or %s", c.Channel, ChannelDM, ChannelReview)
	}
	for i, k := range c.Keys {
		if !slices.Contains(SiteKeys, k) {
			v.add(fmt.Sprintf("%s.keys[%d]", path, i), "%q is not a key; known: %s", k, strings.Join(SiteKeys, ", "))
		}
	}
	if a := c.Answers; a != nil {
		v.selector(path+".answers.item", a.Item, true)
		v.selector(path+".answers.within", a.Within, false)
		v.selector(path+".answers.text", a.Text, true)
		v.selector(path+".answers.rating", a.Rating, false)
		v.selector(path+".answers.author", a.Author, false)
	}
	v.selector(path+".attachments", c.Attachments, false)
	if c.Anchor != "" && c.Anchor != "self" && c.Anchor != "parent" {
		v.add(path+".anchor", "%q is not an anchor: self or parent", c.Anchor)
	}
	if c.Template != "" && !isTemplate(c.Template) {
		v.add(path+".template", "%q is not a template name; known: %s", c.Template, strings.Join(templateNames, ", "))
	}
}

// selector checks one CSS selector of a profile.
func (v *validator) selector(path, sel string, required bool) {
	if sel == "" {
		if required {
			v.add(path, "is required")
		}
		return
	}
	if err := selector.Check(sel); err != nil {
		v.add(path, "%q is not a selector every browser reads: %v", truncate(sel, 80), err)
	}
}

func (v *validator) labels(path string, labels []string) {
	if len(labels) > MaxSiteLabels {
		v.add(path, "has %d labels; at most %d", len(labels), MaxSiteLabels)
		return
	}
	for i, l := range labels {
		lp := fmt.Sprintf("%s[%d]", path, i)
		core := strings.TrimSuffix(strings.TrimPrefix(l, "^"), "$")
		switch {
		case strings.TrimSpace(core) == "":
			v.add(lp, "is empty")
		case len(l) > MaxSiteLabelBytes:
			v.add(lp, "is %d bytes; at most %d", len(l), MaxSiteLabelBytes)
		case strings.ContainsAny(core, "^$"):
			v.add(lp, "%q: \"^\" may only start a label and \"$\" only end it", l)
		}
	}
}

// hostProblem says what is wrong with a profile's host name, or "". A host
// is a lower-case DNS name of two labels or more, "*." before it for its
// subdomains; no scheme, port, path or bare wildcard.
func hostProblem(h string) string {
	name := strings.TrimPrefix(h, "*.")
	if len(h) > 253 {
		return "is too long for a host name"
	}
	if strings.ContainsAny(name, "*/:@ ") {
		return "is not a host name (no scheme, port, path or wildcard but a leading \"*.\")"
	}
	labels := strings.Split(name, ".")
	if len(labels) < 2 {
		return "is not a host name of two labels or more"
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' || !isToken(l, "") {
			return "is not a lower-case host name"
		}
	}
	return ""
}

// isToken: s is lower-case letters, digits, "-" and the bytes in extra.
func isToken(s, extra string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}
