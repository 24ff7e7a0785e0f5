// google/shlex's Split, which the CLI applies to a string `command:` or
// `entrypoint:`: whitespace separates words, '...' is literal, "..." keeps
// spaces and takes a backslash as "next character literally", a backslash
// outside quotes escapes the next character, and "#" at the start of a word
// begins a comment up to the end of the line.

/** Returns the words, or undefined for an unclosed quote or a trailing backslash. */
export function splitShellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (c === '#' && word === undefined) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return undefined;
      word = (word ?? '') + text[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return undefined;
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let quoted = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\') {
          j++;
          if (j >= text.length) return undefined;
        }
        quoted += text[j];
      }
      if (j >= text.length) return undefined;
      word = (word ?? '') + quoted;
      i = j + 1;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
