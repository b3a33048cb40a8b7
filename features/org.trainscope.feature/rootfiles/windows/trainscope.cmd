@echo off
rem Starts TrainScope with a Java 17+ runtime (bundled jre, JAVA_HOME or java on the PATH).
setlocal
set HERE=%~dp0
set JAVA=java
if exist "%HERE%jre\bin\javaw.exe" set JAVA=%HERE%jre\bin\javaw.exe
if not exist "%HERE%jre\bin\javaw.exe" if defined JAVA_HOME set JAVA=%JAVA_HOME%\bin\javaw.exe
for %%f in ("%HERE%plugins\org.eclipse.equinox.launcher_*.jar") do set LAUNCHER=%%f
if "%TRAINSCOPE_HEAP%"=="" set TRAINSCOPE_HEAP=4g
start "" "%JAVA%" -Xms256m -Xmx%TRAINSCOPE_HEAP% -XX:+UseG1GC -Dosgi.requiredJavaVersion=17 %TRAINSCOPE_VMARGS% -jar "%LAUNCHER%" -name TrainScope %*
