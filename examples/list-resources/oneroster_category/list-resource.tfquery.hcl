# Every active category of the district.
list "oneroster_category" "all" {
  provider         = oneroster
  include_resource = true
}
