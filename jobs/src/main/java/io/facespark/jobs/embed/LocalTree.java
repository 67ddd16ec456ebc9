package io.facespark.jobs.embed;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists a local directory tree for the embed job: every entry that is not a directory (regular
 * files, and also pipes, sockets, devices and dangling links, which the reader turns into rejects
 * without opening them) is listed, so every name is accounted for.
 *
 * <p>Symbolic links are followed, but each directory is listed once: directories are told apart
 * by their target's identity (device and inode), not by their path, so a link back to an ancestor
 * (a cycle) or a second link to a directory already listed is skipped and reported instead of
 * listing the same images again under new names.
 */
final class LocalTree {

  /** One listed name; {@code problem}: why it cannot be read, known while listing (else null). */
  record Entry(Path path, long length, String problem) {
  }

  private final Set<Object> listedDirectories = new HashSet<>();
  private final List<Entry> entries = new ArrayList<>();
  private final List<String> skippedLinks = new ArrayList<>();

  List<Entry> entries() {
    return entries;
  }

  /** "link -> target (why)" for every directory link not followed. */
  List<String> skippedLinks() {
    return skippedLinks;
  }

  /** A name the user gave (a root or a glob match): a directory is walked, anything else listed. */
  void add(Path path) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      entries.add(new Entry(path, -1, null));  // dangling or vanished: the reader says which
      return;
    }
    if (!attributes.isDirectory()) {
      entries.add(new Entry(path, attributes.isRegularFile() ? attributes.size() : -1, null));
      return;
    }
    Object identity = LocalFiles.identity(path, attributes);
    if (listedDirectories.add(identity)) {
      Deque<Object> ancestors = new ArrayDeque<>();
      ancestors.push(identity);
      walk(path, ancestors);
    }
  }

  private void walk(Path directory, Deque<Object> ancestors) {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      stream.forEach(children::add);
    } catch (IOException e) {
      entries.add(new Entry(directory, -1, "cannot list directory: " + e + "; the files in it were not read."
          + " Grant the job's user read access to it, or remove it from the input"));
      return;
    }
    children.sort(null);  // a stable order, so the same tree always lists the same names
    for (Path child : children) {
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(child, BasicFileAttributes.class);
      } catch (IOException e) {
        entries.add(new Entry(child, -1, null));
        continue;
      }
      if (!attributes.isDirectory()) {
        entries.add(new Entry(child, attributes.isRegularFile() ? attributes.size() : -1, null));
        continue;
      }
      Object identity;
      try {
        identity = LocalFiles.identity(child, attributes);
      } catch (IOException e) {
        entries.add(new Entry(child, -1, "cannot resolve directory: " + e + "; remove it from the input"));
        continue;
      }
      if (ancestors.contains(identity)) {
        skippedLinks.add(describe(child, "a cycle: it leads back to a folder that contains it"));
      } else if (!listedDirectories.add(identity)) {
        skippedLinks.add(describe(child, "already listed under another name"));
      } else {
        ancestors.push(identity);
        walk(child, ancestors);
        ancestors.pop();
      }
    }
  }

  private static String describe(Path link, String why) {
    String target;
    try {
      target = Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).toString() : link.toRealPath().toString();
    } catch (IOException e) {
      target = "?";
    }
    return link + " -> " + target + " (" + why + ")";
  }

  /**
   * The names matching an absolute glob, Hadoop's glob syntax ({@code * ? [..] {..}} within one
   * path component), found with java.nio so that odd names, pipes and dangling links match too.
   */
  static List<Path> glob(String absolutePattern) throws IOException {
    String[] parts = absolutePattern.split("/");
    Path prefix = Path.of("/");
    int first = 0;
    while (first < parts.length && !ImageInputs.isGlob(parts[first])) {
      prefix = parts[first].isEmpty() ? prefix : prefix.resolve(parts[first]);
      first++;
    }
    List<Path> current = List.of(prefix);
    for (int i = first; i < parts.length; i++) {
      if (parts[i].isEmpty()) {
        continue;
      }
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + parts[i]);
      boolean last = i == parts.length - 1;
      Set<Path> next = new TreeSet<>();
      for (Path directory : current) {
        if (!Files.isDirectory(directory)) {
          continue;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
          for (Path child : stream) {
            if (matcher.matches(child.getFileName()) && (last || Files.isDirectory(child))) {
              next.add(child);
            }
          }
        }
      }
      current = new ArrayList<>(next);
    }
    return current;
  }
}
