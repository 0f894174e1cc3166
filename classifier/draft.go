package classifier

// Draft is what a person is about to publish: the text in the composer and
// what the page shows around it. It is the input half of the JSON contract
// shared by the command, the WebAssembly module and the extension.
//
//easyjson:json
type Draft struct {
	ID          string   `json:"id,omitempty"`
	Text        string   `json:"text"`
	Mode        string   `json:"mode,omitempty"`     // post, comment or reply
	Platform    string   `json:"platform,omitempty"` // facebook, instagram, or another site
	ReplyingTo  string   `json:"replying_to,omitempty"`
	Attachments []string `json:"attachments,omitempty"` // image, video
	// Channel says where a reply goes when that changes the advice: "dm"
	// (a private message) or "review" (an answer to an online review).
	// Only the wording of the reasons depends on it, never the verdict.
	Channel string `json:"channel,omitempty"`
}

// Result is the classifier's answer for one draft.
//
//easyjson:json
type Result struct {
	ID       string    `json:"id,omitempty"`
	Verdict  string    `json:"verdict"`
	Findings []Finding `json:"findings"`
	// Lang is "es" when the draft reads as Spanish (its reasons are then
	// the pack's Spanish ones, where it has them), else empty.
	Lang string `json:"lang,omitempty"`
}

// Finding is one risky span of the draft's text. Start and End are UTF-16
// code unit offsets into the original text (as JavaScript indexes strings),
// so the extension can mark them without converting.
//
//easyjson:json
type Finding struct {
	Kind     string `json:"kind"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Severity string `json:"severity"`
	Reason   string `json:"reason"`
	// Suggestion is a safer wording for the span: absent when there is
	// none, "" when the safer wording is to remove it.
	Suggestion *string `json:"suggestion,omitempty"`
	// Fix says where the suggestion goes and what it leads to; present
	// whenever Suggestion is.
	Fix *Fix `json:"fix,omitempty"`
}

// Fix is a checked suggestion: it replaces [Start, End) (UTF-16, the whole
// draft for a safe reply, the mark and a space beside it for a removal),
// and the draft so changed has verdict After, lower than the draft's.
//
//easyjson:json
type Fix struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	After string `json:"after"`
}

// Verdicts, from harmless to must-not-post.
const (
	VerdictOK    = "ok"
	VerdictWarn  = "warn"
	VerdictBlock = "block"
)

// Modes of a draft.
const (
	ModePost    = "post"
	ModeComment = "comment"
	ModeReply   = "reply"
)

// Channels of a draft (Draft.Channel).
const (
	ChannelDM     = "dm"
	ChannelReview = "review"
)

// Finding kinds (POLICY.md).
const (
	KindName        = "identifier.name"
	KindAddress     = "identifier.address"
	KindDate        = "identifier.date"
	KindAge         = "identifier.age"
	KindPhone       = "identifier.phone"
	KindFax         = "identifier.fax"
	KindEmail       = "identifier.email"
	KindURL         = "identifier.url"
	KindIP          = "identifier.ip"
	KindSSN         = "identifier.ssn"
	KindMRN         = "identifier.mrn"
	KindHealthPlan  = "identifier.health_plan"
	KindAccount     = "identifier.account"
	KindLicense     = "identifier.license"
	KindVehicle     = "identifier.vehicle"
	KindDevice      = "identifier.device"
	KindPhoto       = "identifier.photo"
	KindCondition   = "health.condition"
	KindAcknowledge = "patient.acknowledgement"
	KindCase        = "patient.case"
	KindAdvice      = "advice.individual"
	KindTestimonial = "testimonial"
)

// Kinds lists every finding kind, in the order POLICY.md gives them.
var Kinds = []string{
	KindName, KindAddress, KindDate, KindAge, KindPhone, KindFax, KindEmail,
	KindURL, KindIP, KindSSN, KindMRN, KindHealthPlan, KindAccount, KindLicense,
	KindVehicle, KindDevice, KindPhoto, KindCondition, KindAcknowledge, KindCase,
	KindAdvice, KindTestimonial,
}
