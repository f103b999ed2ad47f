data "oneroster_terms" "all" {}

output "terms" {
  value = { for t in data.oneroster_terms.all.terms : t.title => [t.start_date, t.end_date] }
}
