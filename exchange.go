package ally

import "time"

// ExchangeKind is what was given in a ledger entry.
type ExchangeKind string

// Exchange kinds.
const (
	GaveHelp         ExchangeKind = "help"
	GaveKnowledge    ExchangeKind = "knowledge"
	GaveResource     ExchangeKind = "resource"
	GaveIntroduction ExchangeKind = "introduction"
	GaveRecognition  ExchangeKind = "recognition"
	GaveAdvocacy     ExchangeKind = "advocacy"
)

var exchangeKindEnum = enum{"kind", []string{"help", "knowledge", "resource", "introduction", "recognition", "advocacy"}}

// Size is how much an exchange was worth to the receiver.
type Size string

// Sizes, with the weights the ledger balance uses.
const (
	SizeSmall  Size = "small"
	SizeMedium Size = "medium"
	SizeLarge  Size = "large"
)

var sizeEnum = enum{"size", []string{"small", "medium", "large"}}

// Weight is the size's value in the ledger balance: a large favour counts
// as much as four small ones.
func (s Size) Weight() float64 {
	switch s {
	case SizeMedium:
		return 2
	case SizeLarge:
		return 4
	}
	return 1
}

// Exchange is one entry of the reciprocity ledger: who gave what to whom.
// One side is normally Me.
type Exchange struct {
	ID       int64        `json:"id"`
	At       time.Time    `json:"at"`
	FromID   int64        `json:"from_id"`
	ToID     int64        `json:"to_id"`
	What     string       `json:"what"`
	Kind     ExchangeKind `json:"kind"`
	Size     Size         `json:"size"`
	Currency string       `json:"currency,omitempty"`
	Example  bool         `json:"example,omitempty"` // illustrative demo data
}

// Validate reports the first invalid field of the exchange.
func (e *Exchange) Validate() error {
	if err := requireText("what", e.What, 1000, oneLine); err != nil {
		return err
	}
	if e.Kind == "" {
		e.Kind = GaveHelp
	}
	if e.Size == "" {
		e.Size = SizeSmall
	}
	if err := exchangeKindEnum.check(string(e.Kind)); err != nil {
		return err
	}
	if err := sizeEnum.check(string(e.Size)); err != nil {
		return err
	}
	if e.Currency != "" && CurrencyFamily(e.Currency) == "" {
		return Errorf(EINVALID, "currency %q is not one of Cohen and Bradford's", e.Currency)
	}
	if e.FromID == 0 || e.ToID == 0 || e.FromID == e.ToID {
		return Errorf(EINVALID, "an exchange needs two different people")
	}
	return checkDate("at", e.At)
}
