package model

import (
	"encoding/json"
	"slices"
	"strings"
)

// Status values of a record. OneRoster 1.0 used "inactive" for what 1.1
// calls "tobedeleted".
const (
	StatusActive      = "active"
	StatusToBeDeleted = "tobedeleted"
	statusInactive10  = "inactive"
)

// Base holds the fields every OneRoster record carries.
type Base struct {
	SourcedID        string         `json:"sourcedId"`
	Status           string         `json:"status,omitempty"`
	DateLastModified string         `json:"dateLastModified,omitempty"`
	Metadata         map[string]any `json:"metadata,omitempty"`
}

// ID returns the record's sourcedId. Generic code (the client's pager)
// reaches it through the embedding record types.
func (b *Base) ID() string { return b.SourcedID }

// IsDeleted reports whether the record is marked for deletion (1.1's
// "tobedeleted" or 1.0's "inactive").
func (b Base) IsDeleted() bool {
	s := strings.ToLower(b.Status)
	return s == StatusToBeDeleted || s == statusInactive10
}

// Ref is a GUIDRef: a pointer to another record. Href may be absolute,
// relative ("~/ims/oneroster/v1p1/orgs/1"), or missing; only SourcedID is
// reliable.
type Ref struct {
	Href      string `json:"href,omitempty"`
	SourcedID string `json:"sourcedId"`
	Type      string `json:"type,omitempty"`
}

// RefIDs returns the sourcedIds of refs, in order.
func RefIDs(refs []Ref) []string {
	if refs == nil {
		return nil
	}
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.SourcedID
	}
	return out
}

// RefID returns the sourcedId of ref, or "" when ref is nil.
func RefID(ref *Ref) string {
	if ref == nil {
		return ""
	}
	return ref.SourcedID
}

// UserID is one of a user's identifiers in another system.
type UserID struct {
	Type       string `json:"type"`
	Identifier string `json:"identifier"`
}

// Org is an organisation: a school, district, department, state…
type Org struct {
	Base
	Name       string `json:"name"`
	Type       string `json:"type"`
	Identifier string `json:"identifier,omitempty"`
	Parent     *Ref   `json:"parent,omitempty"`
	Children   []Ref  `json:"children,omitempty"`
}

// AcademicSession is a school year, semester, term or grading period.
type AcademicSession struct {
	Base
	Title      string `json:"title"`
	StartDate  string `json:"startDate"`
	EndDate    string `json:"endDate"`
	Type       string `json:"type"`
	Parent     *Ref   `json:"parent,omitempty"`
	Children   []Ref  `json:"children,omitempty"`
	SchoolYear String `json:"schoolYear,omitempty"`
}

// Course is a course of study offered by an org.
type Course struct {
	Base
	Title        string  `json:"title"`
	SchoolYear   *Ref    `json:"schoolYear,omitempty"`
	CourseCode   string  `json:"courseCode,omitempty"`
	Grades       Strings `json:"grades,omitempty"`
	Subjects     Strings `json:"subjects,omitempty"`
	Org          *Ref    `json:"org,omitempty"`
	SubjectCodes Strings `json:"subjectCodes,omitempty"`
	Resources    []Ref   `json:"resources,omitempty"`
}

// Class is a section of a course taught in a school during some terms.
type Class struct {
	Base
	Title        string  `json:"title"`
	ClassCode    string  `json:"classCode,omitempty"`
	ClassType    string  `json:"classType,omitempty"`
	Location     string  `json:"location,omitempty"`
	Grades       Strings `json:"grades,omitempty"`
	Subjects     Strings `json:"subjects,omitempty"`
	Course       *Ref    `json:"course,omitempty"`
	School       *Ref    `json:"school,omitempty"`
	Terms        []Ref   `json:"terms,omitempty"`
	SubjectCodes Strings `json:"subjectCodes,omitempty"`
	Periods      Strings `json:"periods,omitempty"`
	Resources    []Ref   `json:"resources,omitempty"`
}

// User is a person: student, teacher, guardian, administrator…
type User struct {
	Base
	Username    string   `json:"username"`
	UserIDs     []UserID `json:"userIds,omitempty"`
	EnabledUser *Bool    `json:"enabledUser,omitempty"`
	GivenName   string   `json:"givenName"`
	FamilyName  string   `json:"familyName"`
	MiddleName  string   `json:"middleName,omitempty"`
	Role        string   `json:"role"`
	Identifier  string   `json:"identifier,omitempty"`
	Email       string   `json:"email,omitempty"`
	SMS         string   `json:"sms,omitempty"`
	Phone       string   `json:"phone,omitempty"`
	Agents      []Ref    `json:"agents,omitempty"`
	Orgs        []Ref    `json:"orgs,omitempty"`
	Grades      Strings  `json:"grades,omitempty"`
	// Password is part of the 1.1 model; servers rarely send it and the
	// provider never exposes it.
	Password string `json:"password,omitempty"`

	// OneRoster 1.2 fields, nil when the server does not send them (as a
	// 1.1 server never does): absent and empty are told apart.
	UserMasterIdentifier *string `json:"userMasterIdentifier,omitempty"`
	PreferredFirstName   *string `json:"preferredFirstName,omitempty"`
	PreferredMiddleName  *string `json:"preferredMiddleName,omitempty"`
	PreferredLastName    *string `json:"preferredLastName,omitempty"`
	Pronouns             *string `json:"pronouns,omitempty"`
	PrimaryOrg           *Ref    `json:"primaryOrg,omitempty"`
	// Roles replace 1.1's role and orgs in 1.2: one per org the user has
	// a role at. Decoding puts the primary roles first.
	Roles        []Role        `json:"roles,omitempty"`
	UserProfiles []UserProfile `json:"userProfiles,omitempty"`
	// Resources are the 1.2 resources made available to the user.
	Resources []Ref `json:"resources,omitempty"`
}

// UserProfile is a 1.2 user's account in another system (an LMS, an
// app). Its credentials are not decoded: they may carry passwords, which
// nothing here may hold.
type UserProfile struct {
	ProfileID     string `json:"profileId"`
	ProfileType   string `json:"profileType"`
	VendorID      string `json:"vendorId"`
	ApplicationID string `json:"applicationId,omitempty"`
	Description   string `json:"description,omitempty"`
}

// Role is one of a 1.2 user's roles: what the user is (role) at one org,
// as their primary role or a secondary one (roleType).
type Role struct {
	RoleType    string `json:"roleType"`
	Role        string `json:"role"`
	Org         *Ref   `json:"org,omitempty"`
	UserProfile string `json:"userProfile,omitempty"`
	BeginDate   string `json:"beginDate,omitempty"`
	EndDate     string `json:"endDate,omitempty"`
}

// RoleTypePrimary marks a 1.2 user's primary role.
const RoleTypePrimary = "primary"

// UnmarshalJSON reads 1.1 and 1.2 users into one shape. A 1.2 user carries
// roles[] instead of role and orgs; those are derived from it, so that
// what reads a 1.1 user reads a 1.2 one the same way: role is the primary
// role's, and orgs are the orgs of all roles, the primary role's first.
// A record that sends role or orgs itself keeps them. A missing primaryOrg
// is the org of the primary role (the Ed-Fi OneRoster server sends roles
// but no primaryOrg): the binding names the same org in both.
func (u *User) UnmarshalJSON(data []byte) error {
	type plain User
	if err := json.Unmarshal(data, (*plain)(u)); err != nil {
		return err
	}
	if len(u.Roles) == 0 {
		return nil
	}
	// Stable, so that the server's order holds within each role type.
	slices.SortStableFunc(u.Roles, func(a, b Role) int {
		return boolRank(a.RoleType != RoleTypePrimary) - boolRank(b.RoleType != RoleTypePrimary)
	})
	if u.Role == "" {
		u.Role = u.Roles[0].Role
	}
	if primary := u.Roles[0]; u.PrimaryOrg == nil && primary.RoleType == RoleTypePrimary && primary.Org != nil && primary.Org.SourcedID != "" {
		org := *primary.Org
		u.PrimaryOrg = &org
	}
	if len(u.Orgs) == 0 {
		for _, r := range u.Roles {
			if r.Org != nil && !slices.ContainsFunc(u.Orgs, func(o Ref) bool { return o.SourcedID == r.Org.SourcedID }) {
				u.Orgs = append(u.Orgs, *r.Org)
			}
		}
	}
	return nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Enrollment links a user to a class with a role.
type Enrollment struct {
	Base
	User      *Ref   `json:"user,omitempty"`
	Class     *Ref   `json:"class,omitempty"`
	School    *Ref   `json:"school,omitempty"`
	Role      string `json:"role"`
	Primary   *Bool  `json:"primary,omitempty"`
	BeginDate string `json:"beginDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
}

// Demographics holds a user's demographic data; its sourcedId is the
// user's.
type Demographics struct {
	Base
	BirthDate                            string `json:"birthDate,omitempty"`
	Sex                                  string `json:"sex,omitempty"`
	AmericanIndianOrAlaskaNative         *Bool  `json:"americanIndianOrAlaskaNative,omitempty"`
	Asian                                *Bool  `json:"asian,omitempty"`
	BlackOrAfricanAmerican               *Bool  `json:"blackOrAfricanAmerican,omitempty"`
	NativeHawaiianOrOtherPacificIslander *Bool  `json:"nativeHawaiianOrOtherPacificIslander,omitempty"`
	White                                *Bool  `json:"white,omitempty"`
	DemographicRaceTwoOrMoreRaces        *Bool  `json:"demographicRaceTwoOrMoreRaces,omitempty"`
	HispanicOrLatinoEthnicity            *Bool  `json:"hispanicOrLatinoEthnicity,omitempty"`
	CountryOfBirthCode                   string `json:"countryOfBirthCode,omitempty"`
	StateOfBirthAbbreviation             string `json:"stateOfBirthAbbreviation,omitempty"`
	CityOfBirth                          string `json:"cityOfBirth,omitempty"`
	PublicSchoolResidenceStatus          string `json:"publicSchoolResidenceStatus,omitempty"`
}

// UnmarshalJSON accepts the misspelling americanIndianOrAlsakaNative of the
// original 1.1 binding, which some servers still send.
func (d *Demographics) UnmarshalJSON(data []byte) error {
	type plain Demographics
	var aux struct {
		plain
		Misspelt *Bool `json:"americanIndianOrAlsakaNative,omitempty"`
	}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	*d = Demographics(aux.plain)
	if d.AmericanIndianOrAlaskaNative == nil {
		d.AmericanIndianOrAlaskaNative = aux.Misspelt
	}
	return nil
}

// Category is a gradebook category (homework, quizzes…).
type Category struct {
	Base
	Title string `json:"title"`
	// Weight is 1.2's share of the category in a class's grade.
	Weight *Number `json:"weight,omitempty"`
}

// LineItem is a gradebook column: an assignment in a class.
type LineItem struct {
	Base
	Title          string  `json:"title"`
	Description    string  `json:"description,omitempty"`
	AssignDate     string  `json:"assignDate"`
	DueDate        string  `json:"dueDate"`
	Class          *Ref    `json:"class,omitempty"`
	Category       *Ref    `json:"category,omitempty"`
	GradingPeriod  *Ref    `json:"gradingPeriod,omitempty"`
	ResultValueMin *Number `json:"resultValueMin,omitempty"`
	ResultValueMax *Number `json:"resultValueMax,omitempty"`

	// OneRoster 1.2 fields. 1.2 requires school on every line item.
	School               *Ref                   `json:"school,omitempty"`
	AcademicSession      *Ref                   `json:"academicSession,omitempty"`
	ScoreScale           *Ref                   `json:"scoreScale,omitempty"`
	LearningObjectiveSet []LearningObjectiveSet `json:"learningObjectiveSet,omitempty"`
}

// LearningObjectiveSet is 1.2's list of the learning objectives a line
// item assesses, all from one source ("case", "unknown" or a vendor's
// "/name").
type LearningObjectiveSet struct {
	Source               string   `json:"source"`
	LearningObjectiveIDs []string `json:"learningObjectiveIds"`
}

// LearningObjectiveScoreSet is 1.2's mastery of learning objectives in a
// result, all from one source.
type LearningObjectiveScoreSet struct {
	Source                   string                    `json:"source"`
	LearningObjectiveResults []LearningObjectiveResult `json:"learningObjectiveResults"`
}

// LearningObjectiveResult is the mastery of one learning objective.
type LearningObjectiveResult struct {
	LearningObjectiveID string  `json:"learningObjectiveId"`
	Score               *Number `json:"score,omitempty"`
	TextScore           *string `json:"textScore,omitempty"`
}

// Score statuses of a result. ScoreStatusNotSubmittedMisspelt is the
// original 1.1 binding's typo, still sent by some servers.
const (
	ScoreStatusExempt               = "exempt"
	ScoreStatusFullyGraded          = "fully graded"
	ScoreStatusNotSubmitted         = "not submitted"
	ScoreStatusPartiallyGraded      = "partially graded"
	ScoreStatusSubmitted            = "submitted"
	ScoreStatusNotSubmittedMisspelt = "not submmitted"
)

// NormalizeScoreStatus maps the known misspelling to its correct form.
func NormalizeScoreStatus(s string) string {
	if s == ScoreStatusNotSubmittedMisspelt {
		return ScoreStatusNotSubmitted
	}
	return s
}

// Result is one student's score on one line item.
type Result struct {
	Base
	LineItem    *Ref    `json:"lineItem,omitempty"`
	Student     *Ref    `json:"student,omitempty"`
	ScoreStatus string  `json:"scoreStatus"`
	Score       *Number `json:"score,omitempty"`
	ScoreDate   string  `json:"scoreDate,omitempty"`
	Comment     string  `json:"comment,omitempty"`

	// OneRoster 1.2 fields, nil when absent (as from any 1.1 server).
	Class                *Ref                        `json:"class,omitempty"`
	ScoreScale           *Ref                        `json:"scoreScale,omitempty"`
	TextScore            *string                     `json:"textScore,omitempty"`
	LearningObjectiveSet []LearningObjectiveScoreSet `json:"learningObjectiveSet,omitempty"`
	InProgress           *StringBool                 `json:"inProgress,omitempty"`
	Incomplete           *StringBool                 `json:"incomplete,omitempty"`
	Late                 *StringBool                 `json:"late,omitempty"`
	Missing              *StringBool                 `json:"missing,omitempty"`
}

// ScoreScale is a 1.2 scale that maps scores to what they mean in a class
// or course ("A" for 90 to 100).
type ScoreScale struct {
	Base
	Title           string            `json:"title"`
	Type            string            `json:"type"`
	Course          *Ref              `json:"course,omitempty"`
	Class           *Ref              `json:"class,omitempty"`
	ScoreScaleValue []ScoreScaleValue `json:"scoreScaleValue"`
}

// ScoreScaleValue is one step of a score scale: the left-hand value
// (a score or range) and what it reads as.
type ScoreScaleValue struct {
	ItemValueLHS string `json:"itemValueLHS"`
	ItemValueRHS string `json:"itemValueRHS"`
}

// AssessmentLineItem is a 1.2 assessment (a test, a benchmark), which may
// belong to a class and to a parent assessment.
type AssessmentLineItem struct {
	Base
	Title                    string                 `json:"title"`
	Description              string                 `json:"description,omitempty"`
	Class                    *Ref                   `json:"class,omitempty"`
	ParentAssessmentLineItem *Ref                   `json:"parentAssessmentLineItem,omitempty"`
	ScoreScale               *Ref                   `json:"scoreScale,omitempty"`
	ResultValueMin           *Number                `json:"resultValueMin,omitempty"`
	ResultValueMax           *Number                `json:"resultValueMax,omitempty"`
	LearningObjectiveSet     []LearningObjectiveSet `json:"learningObjectiveSet,omitempty"`
}

// AssessmentResult is one student's result on an assessment line item.
type AssessmentResult struct {
	Base
	AssessmentLineItem   *Ref                        `json:"assessmentLineItem,omitempty"`
	Student              *Ref                        `json:"student,omitempty"`
	Score                *Number                     `json:"score,omitempty"`
	TextScore            *string                     `json:"textScore,omitempty"`
	ScoreDate            string                      `json:"scoreDate,omitempty"`
	ScoreScale           *Ref                        `json:"scoreScale,omitempty"`
	ScorePercentile      *Number                     `json:"scorePercentile,omitempty"`
	ScoreStatus          string                      `json:"scoreStatus"`
	Comment              string                      `json:"comment,omitempty"`
	LearningObjectiveSet []LearningObjectiveScoreSet `json:"learningObjectiveSet,omitempty"`
	InProgress           *StringBool                 `json:"inProgress,omitempty"`
	Incomplete           *StringBool                 `json:"incomplete,omitempty"`
	Late                 *StringBool                 `json:"late,omitempty"`
	Missing              *StringBool                 `json:"missing,omitempty"`
}

// SourcedIDPair maps the sourcedId a client supplied for a new record to
// the one the server allocated (1.2's POST answers).
type SourcedIDPair struct {
	Supplied  string `json:"suppliedSourcedId"`
	Allocated string `json:"allocatedSourcedId"`
}

// Resource is a piece of content attached to courses or classes.
type Resource struct {
	Base
	Title            string `json:"title,omitempty"`
	Role             string `json:"role,omitempty"`
	Importance       string `json:"importance,omitempty"`
	VendorResourceID string `json:"vendorResourceId"`
	VendorID         string `json:"vendorId,omitempty"`
	ApplicationID    string `json:"applicationId,omitempty"`
	// Roles is 1.2's list of the roles a resource is for, where 1.1 has
	// one role.
	Roles Strings `json:"roles,omitempty"`
}

// UnmarshalJSON reads a resource of either version: a 1.2 resource's Role
// is the first of its Roles, so that callers reading Role see one.
func (r *Resource) UnmarshalJSON(data []byte) error {
	type plain Resource
	if err := json.Unmarshal(data, (*plain)(r)); err != nil {
		return err
	}
	if r.Role == "" && len(r.Roles) > 0 {
		r.Role = r.Roles[0]
	}
	return nil
}
