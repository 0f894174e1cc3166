// Package classifier decides whether a social-media draft written by a
// healthcare organisation's staff would disclose protected health
// information, and marks where.
//
// # What it does
//
// Classify takes a Draft (the text in the composer, whether it is a post,
// comment or reply, the comment being answered and any attachment) and
// returns a Result: a verdict (ok, warn or block, as ../shared/POLICY.md
// defines them) and findings. Each finding has a kind (identifier.name,
// health.condition, patient.acknowledgement, ...), a span in UTF-16 code
// units of the original text (as JavaScript indexes strings), a severity, a
// reason a non-lawyer understands and, where one exists, a safer wording.
//
// A draft is read in four steps:
//
//   - normalise (internal/textnorm): invisible characters dropped, look-alike
//     letters, full-width and styled forms folded, leetspeak, elongated and
//     spaced-out words read back, with a map to the original offsets;
//   - recognise: lexicon terms through a word trie (internal/lexmatch),
//     identifiers through hand-written validating scanners (internal/scan),
//     names from name lists, capitals and context (names.go);
//   - score: per-sentence signals combined by the rules of POLICY.md
//     (decide.go, sentences.go);
//   - weigh: the pack's model (model.go), linear heads over hashed features
//     of the rules' conclusions and the words (features.go), settles the
//     verdict and marks the phrase behind a cue the rules missed
//     (learned.go); what the validated scanners and the pack's own patterns
//     found is a floor it cannot lower;
//   - report findings on the original text.
//
// The model is trained by `scrubs train` (train.go) from the labelled
// corpora in testdata, deterministically, and judged by leaving one
// organisation out (`scrubs eval --by-org`).
//
// # Rule packs
//
// What the engine looks for is data: a Pack holds lexicons (terms that
// raise a signal such as "condition" or "acknowledgement"), RE2 patterns for
// identifiers an organisation knows the shape of, reasons, safe-reply
// templates, thresholds, word sets (the closed lists the recognisers read
// by position, such as the greetings a name may follow: wordsets.go), the
// learned model and the organisation profile (its names, numbers,
// addresses and staff, which are never a patient's identifiers). The
// built-in pack lives in rules/*.json and is embedded; an organisation's
// pack sets Base to "default" and carries only what is its own.
//
// A pack also carries site profiles (sites.go, rules/sites.json): how the
// extension reads each site (its composers, the review a reply answers and
// its author, the buttons and keys that send). They stand on the built-in
// ones by id, base or not, and their CSS selectors are checked against a
// subset every supported browser parses (internal/selector).
//
// ParsePack decodes and validates a pack, naming every problem by its JSON
// path; Compile builds an immutable Engine, shared by every call. Lexicon
// and pattern examples are run through the compiled rules, so a pack whose
// own examples fail is refused.
//
// # Privacy
//
// The engine has no network, file or process access (a test keeps it so):
// typed text goes in, a verdict comes out, nothing is kept.
package classifier
