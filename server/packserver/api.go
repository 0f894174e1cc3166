package packserver

import (
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
)

// The JSON bodies of the HTTP API, beside the handlers that use them.

// ErrorResponse is every error's body: {"errors": [{"path", "message"}]}.
// Path is a JSON path into the request body, or "" when the problem is the
// request as a whole.
//
//easyjson:json
type ErrorResponse struct {
	Errors []classifier.Problem `json:"errors"`
}

// PushResponse answers PUT /v1/pack and POST /v1/packs/{version}/restore.
//
//easyjson:json
type PushResponse struct {
	Version uint64 `json:"version"`
	Digest  string `json:"digest"`
}

// KeysResponse answers GET /v1/keys: the key the server signs with now,
// and the roots that chain it to the keys it signed with before (the same
// chain every envelope carries).
//
//easyjson:json
type KeysResponse struct {
	Signing string          `json:"signing"`
	Keys    []KeyInfo       `json:"keys"`
	Roots   []envelope.Root `json:"roots"`
}

//easyjson:json
type KeyInfo struct {
	ID  string `json:"id"`
	Key string `json:"key"`
}

// PacksResponse answers GET /v1/packs, newest first.
//
//easyjson:json
type PacksResponse struct {
	Current uint64     `json:"current"`
	Packs   []PackInfo `json:"packs"`
}

//easyjson:json
type PackInfo struct {
	Version      uint64 `json:"version"`
	Created      string `json:"created"` // RFC 3339, UTC
	Size         int    `json:"size"`
	Digest       string `json:"digest"` // SHA-256 of the pack, hex
	Comment      string `json:"comment"`
	RestoredFrom uint64 `json:"restored_from,omitempty"`
}

// StatsResponse answers GET /v1/stats[?from=WEEK&to=WEEK]: posts the
// guard warned about in the period (weeks from..to, Mondays, inclusive),
// in total and by week, finding kind, site and rule. Each post counts once
// in Total and in Weeks and Sites, and once under each kind and rule it
// had. Counts stored before per-post events counted findings; they are in
// Legacy only.
//
//easyjson:json
type StatsResponse struct {
	From     string       `json:"from"` // "" when there are no counts
	To       string       `json:"to"`
	AllWeeks []string     `json:"all_weeks"` // every week with counts, oldest first, for a period picker
	Outcomes []string     `json:"outcomes"`
	Reasons  []string     `json:"reasons"` // the reason categories, in the order offered
	Total    StatsRow     `json:"total"`
	Weeks    []StatsRow   `json:"weeks"` // Key: the week's Monday, oldest first
	Kinds    []StatsRow   `json:"kinds"` // Key: a finding kind, most drafts first
	Sites    []StatsRow   `json:"sites"`
	Rules    []StatsRow   `json:"rules"`
	Legacy   []LegacyWeek `json:"legacy"`
}

// StatsRow is what happened to the drafts the guard warned about.
//
//easyjson:json
type StatsRow struct {
	Key          string           `json:"key"`
	Drafts       int64            `json:"drafts"`        // warned about: every decision
	Warned       int64            `json:"warned"`        // posted after a second look
	Stopped      int64            `json:"stopped"`       // not posted
	Edited       int64            `json:"edited"`        // edited after the warning
	PostedAnyway int64            `json:"posted_anyway"` // posted past the warning, with a reason
	FalseAlarms  int64            `json:"false_alarms"`  // reported as a false alarm
	Reasons      map[string]int64 `json:"reasons"`       // posted anyway, by reason category
	Blocked      int64            `json:"blocked"`       // drafts whose verdict was block
	// OverrideRate is PostedAnyway / Drafts; FalseAlarmRate FalseAlarms /
	// Drafts (0 when there are no drafts).
	OverrideRate   float64 `json:"override_rate"`
	FalseAlarmRate float64 `json:"false_alarm_rate"`
}

// LegacyWeek is a week of counts stored before per-post events: findings
// (a post once per kind), not posts.
//
//easyjson:json
type LegacyWeek struct {
	Week      string `json:"week"`
	Findings  int64  `json:"findings"`
	Blocks    int64  `json:"blocks"`
	Overrides int64  `json:"overrides"`
}

// EnrolmentResponse answers GET /v1/enrolment (admin): the key the managed
// policy gives extensions (enrolmentKey) so that their events are taken.
//
//easyjson:json
type EnrolmentResponse struct {
	Key    string `json:"key"`
	Header string `json:"header"`
}

// HealthResponse answers GET /healthz.
//
//easyjson:json
type HealthResponse struct {
	OK      bool   `json:"ok"`
	Version uint64 `json:"version"`
	// Damaged lists stored versions the server could not read: it serves
	// an older pack than it published (review L3). OK stays true (packs
	// are still served), Degraded says why that is not the whole story.
	Damaged  []uint64 `json:"damaged,omitempty"`
	Degraded string   `json:"degraded,omitempty"`
}

// AuditResponse answers GET /v1/audit[?from=WEEK&to=WEEK]: the admin
// actions in the period (every one when no period), newest first.
//
//easyjson:json
type AuditResponse struct {
	From    string          `json:"from"`
	To      string          `json:"to"`
	Entries []AuditEntryOut `json:"entries"`
}

// AuditEntryOut is one entry of the audit log.
//
//easyjson:json
type AuditEntryOut struct {
	Seq    uint64 `json:"seq"`
	Time   string `json:"time"` // RFC 3339, UTC
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Target string `json:"target"`
	Detail string `json:"detail"`
}

// LoginRequest is POST /v1/login's body.
//
//easyjson:json
type LoginRequest struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// LoginResponse answers a sign-in: a session token for Authorization:
// Bearer, until it expires or POST /v1/logout. The server sets no cookie.
//
//easyjson:json
type LoginResponse struct {
	Token   string `json:"token"`
	Expires string `json:"expires"` // RFC 3339
	Name    string `json:"name"`
	Role    Role   `json:"role"`
}

// MeResponse answers GET /v1/me: who the request's credential is.
//
//easyjson:json
type MeResponse struct {
	Name    string `json:"name"`
	Role    Role   `json:"role"`
	Via     string `json:"via"`               // "session" or "token"
	Token   string `json:"token,omitempty"`   // the API token's name
	Expires string `json:"expires,omitempty"` // a session's end, RFC 3339
	// PasswordSet is false for an account that signs in with a token
	// only (the first admin before a password is set).
	PasswordSet bool `json:"password_set"`
}

// PasswordRequest is POST /v1/me/password's body.
//
//easyjson:json
type PasswordRequest struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

// AccountRequest is the body of POST /v1/accounts (a new account) and
// PUT /v1/accounts/{name} (a change; empty fields stay as they are).
//
//easyjson:json
type AccountRequest struct {
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Password string `json:"password"`
	// NewPassword asks the server to make a password (shown once).
	NewPassword bool `json:"new_password"`
}

// AccountInfo is an account as GET /v1/accounts lists it.
//
//easyjson:json
type AccountInfo struct {
	Name        string `json:"name"`
	Role        Role   `json:"role"`
	Created     string `json:"created"`
	PasswordSet bool   `json:"password_set"`
	// Password is a password the server made, in the answer to the
	// request that made it only.
	Password string `json:"password,omitempty"`
}

//easyjson:json
type AccountsResponse struct {
	Accounts []AccountInfo `json:"accounts"`
}

// TokenRequest is POST /v1/tokens's body: a token for the caller's
// account, with the caller's role or less.
//
//easyjson:json
type TokenRequest struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
}

// TokenInfo is an API token as GET /v1/tokens lists it; Token, the
// secret, is in the answer to POST /v1/tokens only.
//
//easyjson:json
type TokenInfo struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Account string `json:"account"`
	Role    Role   `json:"role"`
	Created string `json:"created"`
	Token   string `json:"token,omitempty"`
}

//easyjson:json
type TokensResponse struct {
	Tokens []TokenInfo `json:"tokens"`
}

// PackChange is one difference between two packs.
//
//easyjson:json
type PackChange struct {
	Section string   `json:"section"` // "Organisation profile", "Extra terms", …
	Item    string   `json:"item"`    // "Phone numbers", "the list “our-units”"
	Change  string   `json:"change"`  // "added", "removed" or "changed"
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
	From    string   `json:"from,omitempty"`
	To      string   `json:"to,omitempty"`
	Text    string   `json:"text"` // the whole change as one sentence
}

// DiffResponse answers POST /v1/pack/diff and GET /v1/packs/{version}/diff:
// what publishing that pack would change in the version in use (Against).
//
//easyjson:json
type DiffResponse struct {
	Against uint64       `json:"against"`
	Version uint64       `json:"version,omitempty"` // the version a restore brings back
	Changes []PackChange `json:"changes"`
	Summary string       `json:"summary"`
}

// RolloutResponse answers GET /v1/rollout.
//
//easyjson:json
type RolloutResponse struct {
	ServerURL    string        `json:"server_url"`
	PublicKey    string        `json:"public_key"`
	EnrolmentKey string        `json:"enrolment_key"`
	UpdateURL    string        `json:"update_url"`
	InstallURL   string        `json:"install_url"`
	ChromiumID   string        `json:"chromium_id"` // the extension id in the Chrome and Edge files
	FirefoxID    string        `json:"firefox_id"`
	Files        []RolloutFile `json:"files"`
}

// RolloutFile is one file of the kit.
//
//easyjson:json
type RolloutFile struct {
	Name  string `json:"name"`  // a file name to save it as
	Title string `json:"title"` // what it is for, in a few words
	Where string `json:"where"` // where it goes, as a sentence
	Body  string `json:"body"`
}
