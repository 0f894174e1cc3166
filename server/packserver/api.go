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

// StatsResponse answers GET /v1/stats: totals by week, finding kind, site,
// verdict and whether the user posted anyway. The extension counts a post
// once per kind of finding in it, so these are findings, not posts.
//
//easyjson:json
type StatsResponse struct {
	Total     int64            `json:"total"`
	Overrides int64            `json:"overrides"`
	Weeks     []WeekStats      `json:"weeks"`
	Kinds     map[string]int64 `json:"kinds"`
	Sites     map[string]int64 `json:"sites"`
	Verdicts  map[string]int64 `json:"verdicts"`
}

//easyjson:json
type WeekStats struct {
	Week      string `json:"week"` // the Monday it starts on, "2026-11-16"
	Warnings  int64  `json:"warnings"`
	Blocks    int64  `json:"blocks"`
	Overrides int64  `json:"overrides"` // posted anyway
}

// HealthResponse answers GET /healthz.
//
//easyjson:json
type HealthResponse struct {
	OK      bool   `json:"ok"`
	Version uint64 `json:"version"`
}
