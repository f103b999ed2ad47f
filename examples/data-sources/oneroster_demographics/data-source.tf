# Demographics are sensitive: ask only for the fields you need, and expose
# aggregates rather than records.
data "oneroster_demographics" "all" {
  fields = ["sex"]
}

output "students_by_sex" {
  value = {
    for sex in distinct([for d in data.oneroster_demographics.all.demographics : d.sex]) :
    sex => length([for d in data.oneroster_demographics.all.demographics : d if d.sex == sex])
  }
}
