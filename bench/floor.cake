// Cake's start-up floor for bench/run: `dotnet cake floor.cake` loads the add-in as the example does and runs
// nothing, so no warm run of a Cake script with this add-in can take less.
#addin nuget:?package=Cake.MultiArch&version=0.1.0-local&loaddependencies=true
