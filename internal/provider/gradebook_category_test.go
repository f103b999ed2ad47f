package provider_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

const categoryAddr = "oneroster_category.test"

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func categoryConfig(provider, sourcedID, title, extra string) string {
	idLine := ""
	if sourcedID != "" {
		idLine = fmt.Sprintf("sourced_id = %q", sourcedID)
	}
	return provider + fmt.Sprintf(`
resource "oneroster_category" "test" {
  %s
  title = %q
  %s
}
`, idLine, title, extra)
}

// checkStoredCategory checks that the sandbox holds the category of the
// state, with this title and the state's dateLastModified.
func checkStoredCategory(sb *sandbox.Running, title string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := categoryAttr(s, "sourced_id")
		if err != nil {
			return err
		}
		modified, err := categoryAttr(s, "date_last_modified")
		if err != nil {
			return err
		}
		cat, ok := sandboxRecord[model.Category](sb.Server, "categories", id)
		switch {
		case !ok:
			return fmt.Errorf("the sandbox has no active category %q", id)
		case cat.Title != title:
			return fmt.Errorf("the sandbox's category %q has title %q, want %q", id, cat.Title, title)
		case cat.DateLastModified != modified:
			return fmt.Errorf("state date_last_modified %q, the sandbox says %q", modified, cat.DateLastModified)
		}
		return nil
	}
}

func TestAccGradebookCategory_lifecycle(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	provider := sandboxProvider(sb)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newModified := statecheck.CompareValue(compare.ValuesDiffer())
	var generated string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "categories", "cat-explicit"),
		Steps: []resource.TestStep{
			{
				// No sourced_id: a UUID is generated.
				Config: categoryConfig(provider, "", "Labs", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(categoryAddr, tfjsonpath.New("sourced_id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(categoryAddr, tfjsonpath.New("title"), knownvalue.StringExact("Labs")),
					statecheck.ExpectKnownValue(categoryAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					sameID.AddStateValue(categoryAddr, tfjsonpath.New("sourced_id")),
					newModified.AddStateValue(categoryAddr, tfjsonpath.New("date_last_modified")),
				},
				Check: resource.ComposeTestCheckFunc(checkStoredCategory(sb, "Labs"), func(s *terraform.State) error {
					var err error
					generated, err = categoryAttr(s, "sourced_id")
					return err
				}),
			},
			{
				// Update in place: same sourcedId, a new dateLastModified,
				// unknown in the plan.
				Config: categoryConfig(provider, "", "Laboratory work", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(categoryAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(categoryAddr, tfjsonpath.New("date_last_modified")),
					plancheck.ExpectKnownValue(categoryAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(categoryAddr, tfjsonpath.New("sourced_id")),
					newModified.AddStateValue(categoryAddr, tfjsonpath.New("date_last_modified")),
				},
				Check: checkStoredCategory(sb, "Laboratory work"),
			},
			{
				ResourceName:                         categoryAddr,
				ImportState:                          true,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "sourced_id",
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return categoryAttr(s, "sourced_id")
				},
			},
			{
				// A sourced_id of our own replaces the object.
				Config: categoryConfig(provider, "cat-explicit", "Laboratory work", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(categoryAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(categoryAddr, tfjsonpath.New("sourced_id"), knownvalue.StringExact("cat-explicit")),
				},
				Check: resource.ComposeTestCheckFunc(checkStoredCategory(sb, "Laboratory work"), func(*terraform.State) error {
					if _, ok := sb.Server.Record("categories", generated); ok {
						return fmt.Errorf("the replaced category %q is still on the server", generated)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccGradebookCategory_drift(t *testing.T) {
	for _, soft := range []bool{false, true} {
		t.Run(fmt.Sprintf("soft_delete=%v", soft), func(t *testing.T) {
			sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{SoftDelete: soft}})
			oob := newOutOfBand(t, sb)
			cfg := categoryConfig(sandboxProvider(sb), "cat-drift", "Homework", "")
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories(),
				CheckDestroy:             checkGone(sb, "categories", "cat-drift"),
				Steps: []resource.TestStep{
					{Config: cfg, Check: checkStoredCategory(sb, "Homework")},
					{
						// Deleted outside Terraform (hard, or marked
						// tobedeleted): the plan creates it again.
						PreConfig: func() { oob.delete("categories", "cat-drift") },
						Config:    cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(categoryAddr, plancheck.ResourceActionCreate),
						}},
						Check: checkStoredCategory(sb, "Homework"),
					},
					{
						// Changed outside Terraform: the plan puts it back.
						PreConfig: func() {
							oob.put("categories", "category", "cat-drift", model.Category{Base: model.Base{SourcedID: "cat-drift", Status: "active"}, Title: "Chores"})
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(categoryAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectKnownValue(categoryAddr, tfjsonpath.New("title"), knownvalue.StringExact("Homework")),
						}},
						Check: checkStoredCategory(sb, "Homework"),
					},
				},
			})
		})
	}
}

// A server that answers PUT with 204 and no body: the state still holds
// what it stored, read back with a GET.
func TestAccGradebookCategory_putNoContent(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{PutNoContent: true}})
	provider := sandboxProvider(sb)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy:             checkGone(sb, "categories", "cat-204"),
		Steps: []resource.TestStep{
			{
				Config: categoryConfig(provider, "cat-204", "Quizzes", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(categoryAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(categoryAddr, tfjsonpath.New("date_last_modified"), knownvalue.NotNull()),
				},
				Check: checkStoredCategory(sb, "Quizzes"),
			},
			{Config: categoryConfig(provider, "cat-204", "Pop quizzes", ""), Check: checkStoredCategory(sb, "Pop quizzes")},
		},
	})
}

func TestAccGradebookCategory_missingScope(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{})
	t.Run("createput", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProviderFactories(),
			Steps: []resource.TestStep{{
				Config: categoryConfig(gradebookProvider(sb.BaseURL, sb.TokenURL, sandbox.ReadOnlyClientID, sandbox.ReadOnlyClientSecret), "cat-scope", "Tests", ""),
				// The token's scopes show at plan time that the create would
				// be refused: nothing is read or written.
				ExpectError: wrappedText("Missing OAuth 2 scope for oneroster_category", "but not "+oneroster.ScopeGradebookCreatePut,
					"Nothing was written", "applying again will not help"),
			}},
		})
		if _, ok := sb.Server.Record("categories", "cat-scope"); ok {
			t.Error("the category was written without gradebook.createput")
		}
	})
	t.Run("delete", func(t *testing.T) {
		noDelete := gradebookProvider(sb.BaseURL, sb.TokenURL, sandbox.ClientID, sandbox.ClientSecret,
			oneroster.ScopeGradebookReadonly, oneroster.ScopeGradebookCreatePut)
		cfg := categoryConfig(noDelete, "cat-scope", "Tests", "")
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProviderFactories(),
			CheckDestroy:             checkGone(sb, "categories", "cat-scope"),
			Steps: []resource.TestStep{
				{Config: cfg, Check: checkStoredCategory(sb, "Tests")},
				{Config: cfg, Destroy: true, ExpectError: wrappedText("Missing OAuth 2 scope for oneroster_category", "but not "+oneroster.ScopeGradebookDelete,
					"which destroying the category needs")},
				{
					// With every scope, the category is still tracked and
					// the final destroy removes it.
					Config: categoryConfig(sandboxProvider(sb), "cat-scope", "Tests", ""),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(categoryAddr, plancheck.ResourceActionNoop),
					}},
				},
			},
		})
	})
}

func TestAccGradebookCategory_timeout(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{Latency: 3 * time.Second}})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:      categoryConfig(sandboxProvider(sb), "cat-slow", "Slow", `timeouts = { create = "1s" }`),
			ExpectError: wrappedText("Timed out trying to create the category", "did not finish within 1s"),
		}},
	})
}
