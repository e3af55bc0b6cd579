#!/usr/bin/env bash
# Cuts a release: scripts/release.sh X.Y.Z [--push]
#
# Checks that the tree is clean on main, that dist/ matches a fresh build and that CHANGELOG.md has
# a "## [X.Y.Z]" section; then sets the version in package.json (and the lock file), commits,
# tags vX.Y.Z (annotated, with that CHANGELOG section as its message) and moves the major tag vX
# to it, so that users of `@vX` get the release. Prints the push commands; runs them with --push.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: scripts/release.sh X.Y.Z [--push]" >&2
  exit 2
}
die() {
  echo "release: $*" >&2
  exit 1
}

version=''
push=false
for argument in "$@"; do
  case "$argument" in
    --push) push=true ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) [ -z "$version" ] || usage; version=$argument ;;
  esac
done
[ -n "$version" ] || usage
[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] ||
  die "'$version' is not a release version X.Y.Z (no leading v, no suffix)"
major="v${BASH_REMATCH[1]}"
tag="v$version"

branch=$(git symbolic-ref --quiet --short HEAD || true)
[ "$branch" = main ] || die "releases are cut from main, not '${branch:-a detached HEAD}'"
[ -z "$(git status --porcelain)" ] || die "the working tree has uncommitted or untracked files"
if git remote get-url origin >/dev/null 2>&1; then
  git fetch --quiet origin main || die "could not fetch main from origin (offline?)"
  [ -z "$(git rev-list HEAD..FETCH_HEAD)" ] || die "main is behind origin/main: pull first"
  [ -z "$(git ls-remote --tags origin "refs/tags/$tag")" ] || die "origin already has tag $tag"
fi
if git rev-parse --quiet --verify "refs/tags/$tag" >/dev/null; then
  die "tag $tag already exists"
fi

current=$(node -p "require('./package.json').version")
newest=$(printf '%s\n%s\n' "$current" "$version" | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)
[ "$version" != "$current" ] && [ "$newest" = "$version" ] ||
  die "$version is not newer than package.json's version $current"

grep -q "^## \[$version\]" CHANGELOG.md ||
  die "CHANGELOG.md has no '## [$version]' section: move the [Unreleased] notes under '## [$version] - $(date +%Y-%m-%d)'"
# The lines after "## [X.Y.Z]" up to the next "## " heading: the release notes.
notes=$(awk -v heading="## [$version]" '
  index($0, heading) == 1 { found = 1; next }
  found && /^## / { exit }
  found { print }
' CHANGELOG.md | sed -e '/./,$!d')
[ -n "$notes" ] || die "the '## [$version]' section of CHANGELOG.md is empty"

echo "release: checking that dist/ matches a fresh build"
npm run --silent check-dist || die "dist/ is stale: run 'npm run build', commit, and try again"

npm version "$version" --no-git-tag-version --ignore-scripts >/dev/null
git add package.json
[ -f package-lock.json ] && git add package-lock.json
git commit --quiet -m "Release $tag"
# verbatim-ish: keep the "### Added" lines that the default cleanup would strip as comments.
git tag -a --cleanup=whitespace "$tag" -F - <<EOF
$tag

$notes
EOF
git tag -fa "$major" -m "$major: latest $major.x release, now $tag" "$tag^{commit}" >/dev/null
echo "release: committed $(git rev-parse --short HEAD), tagged $tag and moved $major to it"

push_commands=(
  "git push origin main"
  "git push origin refs/tags/$tag"
  "git push --force origin refs/tags/$major"
)
if [ "$push" = true ]; then
  for command in "${push_commands[@]}"; do
    echo "+ $command"
    $command
  done
else
  echo "Push when ready:"
  printf '  %s\n' "${push_commands[@]}"
fi
echo "Then publish the GitHub release (Marketplace listing): gh release create $tag --notes-from-tag"
