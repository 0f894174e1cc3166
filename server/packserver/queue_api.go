package packserver

import "github.com/scrubs/scrubs/classifier/queue"

// QueueList answers GET /v1/queue (admin): every item still kept, newest
// first, without its files.
//
//easyjson:json
type QueueList struct {
	Items []QueueSummary `json:"items"`
	// Officers are the current pack's officers (name and age public key),
	// for the admin page to tell which key it holds.
	Officers   []QueueOfficer `json:"officers"`
	ExpiryDays int            `json:"expiry_days"`
}

// QueueOfficer is one officer of the current pack.
//
//easyjson:json
type QueueOfficer struct {
	Name string `json:"name"`
	Key  string `json:"key"`
}

// QueueSummary is one item in the list: its clear metadata and state.
//
//easyjson:json
type QueueSummary struct {
	queue.Meta
	Received int64  `json:"received"`
	Status   string `json:"status"` // pending, approved, rejected or rewrite
	Officer  string `json:"officer,omitempty"`
	Decided  int64  `json:"decided,omitempty"`
}

// QueuePosted answers POST /v1/queue.
//
//easyjson:json
type QueuePosted struct {
	ID      string `json:"id"`
	Expires int64  `json:"expires"`
}

// QueueStatus answers GET /v1/queue/{id}/decision (the extension, with
// the enrolment key): pending, or the decision's file and clear metadata.
//
//easyjson:json
type QueueStatus struct {
	ID       string              `json:"id"`
	Status   string              `json:"status"` // pending, or the decision's outcome
	Expires  int64               `json:"expires"`
	Decision *queue.DecisionItem `json:"decision,omitempty"`
}
