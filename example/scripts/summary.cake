// What the run published, and how to use it.

/// <summary>Says where the image is and how to pull and run it, on the first foreign platform it has.</summary>
void PrintWhereToFind(ManifestList list, IReadOnlyList<CpuArchitecture> archs)
{
    var shown = archs.FirstOrDefault(a => a == CpuArchitecture.Arm32V7) ?? archs.FirstOrDefault(a => a != CpuArchitecture.Amd64) ?? archs[0];
    Information("");
    Information("Published {0} ({1}) for {2}.", list.Tag, list.Digest, string.Join(", ", archs.Select(a => a.Platform)));
    Information("Run it; Docker picks the entry for the platform (--pull=always fetches it again after a re-publish):");
    Information("  docker run --rm --pull=always --platform {0} {1}", shown.Platform, list.Tag);
    Information("  docker run --rm --pull=always --platform {0} {1} hello     (prints the page's text and exits)", shown.Platform, list.Tag);
    Information("  (the first serves on port 8080; add -p 8080:8080 and open http://127.0.0.1:8080/)");
    Information("Inspect the list:");
    Information("  docker manifest inspect{0} {1}", IsLocalRegistry(list.Tag.Split('/')[0]) ? " --insecure" : "", list.Tag);
}
