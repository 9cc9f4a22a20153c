#!/usr/bin/env bash
# Hibernate's SQL log (slf4j-simple, see src/main/resources/simplelogger.properties) goes to
# stdout, which is orm.log. capture.sh builds the app first (mvn -q -B package in this folder:
# target/classes and the dependencies in target/lib).
here=$(cd "$(dirname "$0")" && pwd)
exec java -Duser.timezone=UTC -Dorg.jboss.logging.provider=slf4j -cp "$here/target/classes:$here/target/lib/*" library.LibraryApp
