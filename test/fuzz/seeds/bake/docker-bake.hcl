// Seed for the fuzzer: a bake file with variables, inheritance and platforms.
variable "TAG" { default = "latest" }
group "default" { targets = ["app", "worker"] }
target "common" {
  platforms = ["linux/amd64", "linux/arm64"]
}
target "app" {
  inherits = ["common"]
  tags = ["registry.example.com/app:${TAG}"]
  output = ["type=registry"]
}
target "worker" {
  dockerfile = "worker.Dockerfile"
  tags = ["registry.example.com/worker:${TAG}"]
  platforms = ["linux/amd64"]
  output = ["type=image,push=true"]
}
