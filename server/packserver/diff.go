package packserver

// What a publish or a restore would change, in plain words: the /admin
// page shows it before asking for confirmation, and the audit log keeps
// it. Packs are compared as JSON, section by section, so a section this
// file does not know (one a later schema adds) is still reported, by its
// name.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/scrubs/scrubs/classifier"
)

var orgFields = []struct{ key, name string }{
	{"name", "Organisation name"}, {"aliases", "Other names it goes by"}, {"phones", "Phone numbers"}, {"faxes", "Fax numbers"},
	{"emails", "Email addresses"}, {"addresses", "Street addresses"}, {"websites", "Websites"}, {"staff", "Staff names"},
}

// sectionNames are the pack's sections in the order reported.
var sectionNames = []struct{ key, name string }{
	{"name", "Pack name"}, {"base", "Built on"}, {"org", "Organisation profile"}, {"lexicons", "Extra terms"},
	{"patterns", "Patterns"}, {"templates", "Safe-reply templates"}, {"reasons", "Reasons shown to staff"},
	{"thresholds", "Thresholds"}, {"model", "Learned model"}, {"schema", "Schema"},
}

var templateNames = map[string]string{"safe_reply": "English", "safe_reply.es": "Spanish"}

// DiffPacks lists what changes from old to new (both pack JSON; a part
// that is not JSON compares as changed).
func DiffPacks(old, new []byte) []PackChange {
	var a, b map[string]json.RawMessage
	json.Unmarshal(old, &a)
	json.Unmarshal(new, &b)
	a, b = builtIn(a), builtIn(b)
	d := &differ{}
	known := map[string]bool{}
	for _, sec := range sectionNames {
		known[sec.key] = true
		x, y := a[sec.key], b[sec.key]
		if jsonEqual(x, y) {
			continue
		}
		switch sec.key {
		case "name", "schema":
			d.value(sec.name, "", str(x), str(y))
		case "base":
			d.value(sec.name, "", baseName(str(x)), baseName(str(y)))
		case "org":
			d.org(x, y)
		case "lexicons":
			d.rules(sec.name, "list", x, y, []string{"signal", "lang", "weight"}, "terms")
		case "patterns":
			d.rules(sec.name, "pattern", x, y, []string{"kind", "regex", "reason"}, "keywords")
		case "templates":
			d.texts(sec.name, x, y, func(k string) string {
				if n, ok := templateNames[k]; ok {
					return n
				}
				return "“" + k + "”"
			})
		case "reasons":
			d.texts(sec.name, x, y, func(k string) string { return "for " + k })
		case "thresholds":
			d.texts(sec.name, x, y, func(k string) string { return k })
		case "model":
			d.whole(sec.name, "", x, y, fmt.Sprintf("replaced (%s → %s)", size(x), size(y)))
		}
	}
	var rest []string
	for k := range b {
		if !known[k] {
			rest = append(rest, k)
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok && !known[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		if !jsonEqual(a[k], b[k]) {
			d.generic("Section “"+k+"”", a[k], b[k])
		}
	}
	if d.out == nil {
		d.out = []PackChange{}
	}
	return d.out
}

// ChangesText is the changes in one paragraph (the audit log's detail).
func ChangesText(changes []PackChange) string {
	if len(changes) == 0 {
		return "no change to the rules"
	}
	texts := make([]string, len(changes))
	for i, c := range changes {
		texts[i] = c.Text
	}
	return strings.Join(texts, "; ")
}

// builtIn stands the built-in pack (version 1, which the server
// publishes at first start) in for what it is to an organisation's pack:
// the rules everything is built on, not lists and a model of its own. So
// a first organisation pack shows as what it adds, not as every built-in
// term removed.
func builtIn(p map[string]json.RawMessage) map[string]json.RawMessage {
	if present(p["base"]) || str(p["name"]) != builtInName {
		return p
	}
	return map[string]json.RawMessage{"schema": p["schema"], "name": p["name"], "base": json.RawMessage(`"default"`), "org": p["org"]}
}

// builtInName is the built-in pack's name (classifier/rules).
const builtInName = "Scrubs built-in rules"

type differ struct{ out []PackChange }

func (d *differ) add(c PackChange) {
	item := c.Section
	if c.Item != "" {
		item += ", " + c.Item
	}
	var parts []string
	if len(c.Added) > 0 {
		parts = append(parts, "added "+quoteList(c.Added))
	}
	if len(c.Removed) > 0 {
		parts = append(parts, "removed "+quoteList(c.Removed))
	}
	switch {
	case c.From != "" || c.To != "":
		parts = append(parts, quoteOrNone(c.From)+" → "+quoteOrNone(c.To))
	case len(parts) == 0:
		parts = append(parts, c.Change)
	}
	c.Text = item + ": " + strings.Join(parts, "; ")
	d.out = append(d.out, c)
}

func (d *differ) value(section, item, from, to string) {
	d.add(PackChange{Section: section, Item: item, Change: change(from != "", to != ""), From: from, To: to})
}

func (d *differ) whole(section, item string, x, y json.RawMessage, changed string) {
	switch c := change(present(x), present(y)); c {
	case "changed":
		d.add(PackChange{Section: section, Item: item, Change: changed})
	default:
		d.add(PackChange{Section: section, Item: item, Change: c})
	}
}

func (d *differ) list(section, item string, x, y json.RawMessage) {
	added, removed := setDiff(strs(x), strs(y))
	if len(added)+len(removed) == 0 {
		d.add(PackChange{Section: section, Item: item, Change: "changed", From: "in another order"})
		return
	}
	d.add(PackChange{Section: section, Item: item, Change: change(present(x), present(y)), Added: added, Removed: removed})
}

func (d *differ) org(x, y json.RawMessage) {
	var a, b map[string]json.RawMessage
	json.Unmarshal(x, &a)
	json.Unmarshal(y, &b)
	for _, f := range orgFields {
		if jsonEqual(a[f.key], b[f.key]) {
			continue
		}
		if f.key == "name" {
			d.value("Organisation profile", f.name, str(a[f.key]), str(b[f.key]))
		} else {
			d.list("Organisation profile", f.name, a[f.key], b[f.key])
		}
	}
}

// rules compares lexicons or patterns by id: fields by value, and one
// list field (terms, keywords) by what was added and removed.
func (d *differ) rules(section, noun string, x, y json.RawMessage, fields []string, listField string) {
	a, order := byID(x, nil)
	b, order := byID(y, order)
	for _, id := range order {
		item := "the " + noun + " “" + id + "”"
		ra, rb := a[id], b[id]
		switch {
		case ra == nil:
			c := PackChange{Section: section, Item: item, Change: "added", Added: strs(rb[listField])}
			if s := str(rb["signal"]); s != "" {
				c.Item += " (" + s + ")"
			}
			if s := str(rb["kind"]); s != "" {
				c.Item += " (" + s + ")"
			}
			d.add(c)
		case rb == nil:
			d.add(PackChange{Section: section, Item: item, Change: "removed", Removed: strs(ra[listField])})
		default:
			for _, f := range fields {
				if !jsonEqual(ra[f], rb[f]) {
					d.value(section, item+", "+f, scalar(ra[f]), scalar(rb[f]))
				}
			}
			if !jsonEqual(ra[listField], rb[listField]) {
				d.list(section, item+", "+listField, ra[listField], rb[listField])
			}
			if !jsonEqual(ra["examples"], rb["examples"]) {
				d.add(PackChange{Section: section, Item: item + ", examples", Change: "changed"})
			}
		}
	}
}

// texts compares an object of strings or numbers key by key.
func (d *differ) texts(section string, x, y json.RawMessage, name func(string) string) {
	var a, b map[string]json.RawMessage
	json.Unmarshal(x, &a)
	json.Unmarshal(y, &b)
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range a {
			if !yield(k) {
				return
			}
		}
		for k := range b {
			if _, ok := a[k]; !ok && !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		if !jsonEqual(a[k], b[k]) {
			d.value(section, name(k), scalar(a[k]), scalar(b[k]))
		}
	}
}

// generic reports a section this file does not know: a list of strings
// by what was added and removed, anything else as changed.
func (d *differ) generic(section string, x, y json.RawMessage) {
	if isStrings(x) && isStrings(y) {
		d.list(section, "", x, y)
		return
	}
	if s, ok := scalarOK(x); ok {
		if t, ok := scalarOK(y); ok {
			d.value(section, "", s, t)
			return
		}
	}
	d.whole(section, "", x, y, "changed")
}

func change(had, has bool) string {
	switch {
	case !had:
		return "added"
	case !has:
		return "removed"
	}
	return "changed"
}

func baseName(b string) string {
	switch b {
	case "default":
		return "the built-in rules"
	case "":
		return ""
	}
	return b
}

func present(r json.RawMessage) bool { return len(r) > 0 && string(r) != "null" }

func jsonEqual(x, y json.RawMessage) bool {
	if !present(x) || !present(y) {
		return present(x) == present(y)
	}
	var a, b any
	if json.Unmarshal(x, &a) != nil || json.Unmarshal(y, &b) != nil {
		return bytes.Equal(x, y)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

func str(r json.RawMessage) string {
	var s string
	json.Unmarshal(r, &s)
	return s
}

func scalarOK(r json.RawMessage) (string, bool) {
	if !present(r) {
		return "", true
	}
	var v any
	if json.Unmarshal(r, &v) != nil {
		return "", false
	}
	switch v := v.(type) {
	case string:
		return v, true
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

func scalar(r json.RawMessage) string {
	if s, ok := scalarOK(r); ok {
		return s
	}
	return string(r)
}

func strs(r json.RawMessage) []string {
	var s []string
	json.Unmarshal(r, &s)
	return s
}

func isStrings(r json.RawMessage) bool {
	var s []string
	return !present(r) || json.Unmarshal(r, &s) == nil
}

func size(r json.RawMessage) string {
	if !present(r) {
		return "none"
	}
	return fmt.Sprintf("%.1f KB", float64(len(r))/1024)
}

// byID indexes a list of objects by their "id", adding new ids to order.
func byID(r json.RawMessage, order []string) (map[string]map[string]json.RawMessage, []string) {
	var list []map[string]json.RawMessage
	json.Unmarshal(r, &list)
	m := map[string]map[string]json.RawMessage{}
	for i, o := range list {
		id := str(o["id"])
		if id == "" {
			id = "#" + strconv.Itoa(i+1)
		}
		m[id] = o
		if !slices.Contains(order, id) {
			order = append(order, id)
		}
	}
	return m, order
}

// setDiff is what b has that a has not (added) and the reverse, each in
// its list's order.
func setDiff(a, b []string) (added, removed []string) {
	for _, s := range b {
		if !slices.Contains(a, s) {
			added = append(added, s)
		}
	}
	for _, s := range a {
		if !slices.Contains(b, s) {
			removed = append(removed, s)
		}
	}
	return added, removed
}

// quoteList quotes up to 10 items, then says how many more.
func quoteList(items []string) string {
	const most = 10
	q := make([]string, 0, most)
	for _, s := range items[:min(len(items), most)] {
		q = append(q, "“"+s+"”")
	}
	if n := len(items) - most; n > 0 {
		q = append(q, fmt.Sprintf("and %d more", n))
	}
	return strings.Join(q, ", ")
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return "“" + s + "”"
}

// ---- the routes

// handleDiff: POST /v1/pack/diff with a pack answers what publishing it
// would change in the version in use.
func (s *Server) handleDiff(w http.ResponseWriter, r *http.Request) {
	body, ok := s.body(w, r, classifier.MaxPackBytes)
	if !ok {
		return
	}
	cur, err := s.store.Latest(r.Context())
	if err != nil {
		s.storeError(w, err)
		return
	}
	changes := DiffPacks(cur.Pack, body)
	s.json(w, http.StatusOK, &DiffResponse{Against: cur.Version, Changes: changes, Summary: ChangesText(changes)})
}

// handleRestoreDiff: GET /v1/packs/{version}/diff answers what restoring
// that version would change in the version in use.
func (s *Server) handleRestoreDiff(w http.ResponseWriter, r *http.Request) {
	v, ok := s.version(w, r)
	if !ok {
		return
	}
	old, err := s.store.Get(r.Context(), v)
	if err != nil {
		s.storeError(w, err)
		return
	}
	cur, err := s.store.Latest(r.Context())
	if err != nil {
		s.storeError(w, err)
		return
	}
	changes := DiffPacks(cur.Pack, old.Pack)
	s.json(w, http.StatusOK, &DiffResponse{Against: cur.Version, Version: v, Changes: changes, Summary: ChangesText(changes)})
}

// BaseVersionHeader names the version in use that a publish or a restore
// was reviewed against (the diff's "against"); when another version was
// published since, the request is refused with 409, so nobody confirms
// changes they were not shown.
const BaseVersionHeader = "Scrubs-Base-Version"

// checkBase answers false, having written 409, when r names a base version
// that is no longer the one in use.
func (s *Server) checkBase(w http.ResponseWriter, r *http.Request) bool {
	h := r.Header.Get(BaseVersionHeader)
	if h == "" {
		return true
	}
	base, err := strconv.ParseUint(h, 10, 64)
	if err != nil {
		s.error(w, http.StatusBadRequest, "", BaseVersionHeader+" is not a version number")
		return false
	}
	cur, err := s.store.Latest(r.Context())
	if err != nil {
		s.storeError(w, err)
		return false
	}
	if cur.Version != base {
		s.error(w, http.StatusConflict, "", fmt.Sprintf("version %d was published after version %d, which these changes were shown against; look at the changes again", cur.Version, base))
		return false
	}
	return true
}
