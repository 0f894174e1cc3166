package classifier

// Site profiles tell the extension how to read a site: where its
// composers are, what each one is (a post, a comment, a reply), the text
// it answers and the person it addresses, which controls and keys send
// it, and where its attachments show. Facebook, Google, Yelp and the rest
// change their markup every few weeks, so profiles are pack data: an
// admin mends a site by pushing a pack, and the extension's one engine
// (extension/src/content/site.js) reads whatever profile the pack in use
// has. The built-in profiles are rules/sites.json.
//
// Profiles find things by structure, accessible roles and labels (a
// textbox inside a review's card, the card's text), never by generated
// class names. Every selector is checked here (internal/selector) against
// a subset of CSS every supported browser parses, so a pack with a
// selector a browser would refuse is refused as a whole, with the path of
// the selector, and the extension keeps its last good pack.
//
// A profile decides how a site is read, never where the extension runs:
// the manifest and the host permissions the browser granted decide that,
// and a profile for any other host is never used.

// Site is one site's profile.
//
//easyjson:json
type Site struct {
	ID string `json:"id"`
	// Platform is the drafts' platform ("google", "yelp", "facebook");
	// empty: the page's host name.
	Platform string `json:"platform,omitempty"`
	// Hosts are the host names the profile reads ("biz.yelp.com",
	// "*.example.org" for its subdomains). A profile without hosts reads
	// the sites an admin added that no other profile names.
	Hosts []string `json:"hosts,omitempty"`
	// Frames: the profile also reads the site in frames embedded in other
	// pages (Google's merchant panel in Search and Maps); otherwise only
	// top-level pages.
	Frames bool `json:"frames,omitempty"`
	// Composers are tried in order; the first that fits an editable
	// element describes it.
	Composers []Composer `json:"composers"`
	// Submit lists the controls that send a composer (Post, Reply,
	// Respond); clicking one is guarded.
	Submit []Control `json:"submit,omitempty"`
}

// Composer describes one kind of composer on a site.
//
//easyjson:json
type Composer struct {
	ID string `json:"id"`
	// Selector matches the editable element itself (a textarea, a
	// contenteditable textbox).
	Selector string `json:"selector"`
	// Inside and NotInside: an ancestor of it must, or must not, match.
	Inside    string `json:"inside,omitempty"`
	NotInside string `json:"not_inside,omitempty"`
	// Labels: its accessible label (aria-label, aria-labelledby or
	// placeholder) must match one of these (label patterns, below).
	Labels []string `json:"labels,omitempty"`
	// Paths: the page's path must match one of these (label patterns
	// too: "/reviews" for a Page's reviews, "/status/" for a post's).
	Paths []string `json:"paths,omitempty"`
	// Mention: the composer fits only while its text starts with
	// "@handle "; the item it answers holds an element matching this
	// selector, in which {handle} stands for the handle typed
	// (Instagram's replies).
	Mention string `json:"mention,omitempty"`
	Mode    string `json:"mode"` // post, comment or reply
	// Channel is the drafts' channel where it words the reasons for
	// where the draft goes (Draft.Channel): "dm" for a private message,
	// "review" for an answer to an online review.
	Channel string `json:"channel,omitempty"`
	// Keys that send the draft from the composer: "Enter",
	// "Ctrl+Enter", "Meta+Enter".
	Keys []string `json:"keys,omitempty"`
	// Answers says where the text the draft answers is.
	Answers *Answers `json:"answers,omitempty"`
	// Attachments is the container (the composer's closest ancestor
	// matching it, else its parent) where added pictures and videos show.
	Attachments string `json:"attachments,omitempty"`
	// Anchor is where the badge goes: "self" (the default) or "parent".
	Anchor string `json:"anchor,omitempty"`
	// Template is the pack template the safe-reply button puts in place
	// of the draft; "safe_reply" by default.
	Template string `json:"template,omitempty"`
}

// Answers finds what a reply answers: the item (a review, a comment, a
// conversation) and, inside it, its text, its star rating and its
// author's display name. The extension turns them into the draft's
// replying_to the way the corpora write it: "★★☆☆☆ text — Name".
//
//easyjson:json
type Answers struct {
	// Item is the composer's closest ancestor matching it or, with
	// Before, the last element matching it before the composer.
	Item   string `json:"item"`
	Before bool   `json:"before,omitempty"`
	// Within is where Before and Mention look for the item (the
	// composer's closest ancestor matching it); the whole page without.
	Within string `json:"within,omitempty"`
	// Text matches the elements of the item that hold its text; the
	// innermost ones are read, joined by line breaks, leaving out nested
	// items and composers. Last reads only the last one (a conversation's
	// latest message).
	Text string `json:"text"`
	Last bool   `json:"last,omitempty"`
	// Rating matches the element whose label (or text) gives the stars,
	// "Rated 2 out of 5"; Author the one whose text is the author's
	// display name.
	Rating string `json:"rating,omitempty"`
	Author string `json:"author,omitempty"`
}

// Control is a button that sends a composer.
//
//easyjson:json
type Control struct {
	Selector string `json:"selector"`
	// Labels: the control's label (aria-label, text or value) must match
	// one of these (label patterns, below).
	Labels []string `json:"labels,omitempty"`
	// Composer: the control sends the composer inside its closest
	// ancestor matching this (a dialog, a form); otherwise, or when there
	// is none, the nearest composer around it.
	Composer string `json:"composer,omitempty"`
}

// A label pattern is plain text matched against a label, case folded:
// "^reply" matches labels that start with "reply", "post$" those that end
// with "post", "^post$" only "post", and "comment" any label holding it.
// No regular expressions: the Go side and the browser read them alike.

// SiteKeys are the keys a composer may send with.
var SiteKeys = []string{"Enter", "Ctrl+Enter", "Meta+Enter"}

// Limits on a pack's site profiles.
const (
	MaxSites          = 50
	MaxSiteHosts      = 50
	MaxSiteComposers  = 30
	MaxSiteControls   = 30
	MaxSiteLabels     = 30
	MaxSiteLabelBytes = 200
)

// mergeSites puts a pack's profiles first and the built-in ones it does
// not replace (by id) after them: for a host both name, the pack's wins.
func mergeSites(own, builtIn []Site) []Site {
	out := append([]Site(nil), own...)
	replaced := map[string]bool{}
	for _, s := range own {
		replaced[s.ID] = true
	}
	for _, s := range builtIn {
		if !replaced[s.ID] {
			out = append(out, s)
		}
	}
	return out
}
