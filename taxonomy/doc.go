// Package taxonomy labels Renda's passages with themes (党的领导, 监督,
// 民生 …) and with the 四个机关 tags that people's-congress reports use
// (政治机关, 权力机关, 工作机关, 代表机关), and says why each label was given.
//
// The labels, their descriptions and their vocabulary live in taxonomy.json,
// embedded in the binary; Default parses it once. Rules are vocabulary rules,
// deterministic and explainable:
//
//   - a passage is about what its lead sentence names: a label whose terms
//     occur in the passage's first sentence is given, with those terms as
//     the reason;
//   - a passage whose lead names nothing is labelled from its whole text
//     when at least two different terms of a label occur in it;
//   - a heading's labels pass to the short passages under it (work items,
//     list entries) and to passages that name nothing themselves, with the
//     heading as the reason ("heading: ④加强人大代表工作能力建设…");
//   - a law's title passes its labels to every article ("title: …");
//   - the 四个机关 tags describe a people's congress at work, so they are
//     given only where the congress speaks or is the subject: standing-
//     committee reports, congress resolutions and decisions, and laws or
//     passages that name the congress — never in government work reports,
//     where 监督 of the government by the congress is not the congress's
//     own work.
//
// With the embedded model (Default; Rules has none), a word model and a
// hand model learned from the corpus and from hand-labelled passages give
// every label a probability, and a judge learned from other hand labels
// decides each label from those and the rules' evidence. A label the rules
// give keeps their reasons; one only the models give names the words that
// weighed most ("model: 研发 2.01, 科技 1.47").
//
// See docs/taxonomy.md for the file format, each label and the model.
package taxonomy
