#!/usr/bin/env bash
# Wraps the materialized Linux product into a jpackage app image that carries its own Java
# runtime: target/jpackage/TrainScope/bin/TrainScope runs on a machine without a JDK.
#   jpackage.sh PRODUCT_DIR DEST_DIR ICON_PNG
set -euo pipefail
product=$1 dest=$2 icon=$3
jpackage=${JAVA_HOME:+$JAVA_HOME/bin/}jpackage
command -v "$jpackage" >/dev/null || { echo "jpackage.sh: jpackage not found (it comes with the JDK)" >&2; exit 1; }
launcher=$(cd "$product/plugins" && ls org.eclipse.equinox.launcher_*.jar | head -n 1)
[ -n "$launcher" ] || { echo "jpackage.sh: no Equinox launcher in $product/plugins" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest"
# The whole product is the app's input; Equinox finds its install area from the launcher jar.
"$jpackage" --type app-image --name TrainScope --dest "$dest" \
  --input "$product" --main-jar "plugins/$launcher" --main-class org.eclipse.equinox.launcher.Main \
  --icon "$icon" --app-version 0.1.0 --vendor TrainScope \
  --add-modules java.se,jdk.xml.dom,jdk.unsupported,jdk.management,jdk.crypto.ec,jdk.zipfs,jdk.charsets,jdk.localedata,jdk.net,jdk.accessibility,jdk.security.auth \
  --java-options '-Xms256m -Xmx4g -XX:+UseG1GC -Dosgi.requiredJavaVersion=17' \
  --arguments -name --arguments TrainScope
# jpackage puts every jar of the input on the class path; OSGi must see only its launcher
# (bundles on the application class path would shadow the framework's own class loading).
cfg="$dest/TrainScope/lib/app/TrainScope.cfg"
grep -v '^app.classpath=' "$cfg" | sed "s|^app.mainclass=|app.classpath=\$APPDIR/plugins/$launcher\napp.mainclass=|" > "$cfg.new"
mv "$cfg.new" "$cfg"
grep -q "^app.classpath=.*$launcher" "$cfg" || { echo "jpackage.sh: could not set the class path in $cfg" >&2; exit 1; }
echo "jpackage.sh: app image at $dest/TrainScope (run bin/TrainScope)"
