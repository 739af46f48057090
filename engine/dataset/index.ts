// The training dataset from verified, accepted work.
export { trainingExamplesOf, type TrainingExample } from "./TrainingExample.js";
export {
    datasetFile,
    keepTrainingExample,
    keepTrainingExamples,
    readTrainingExamples,
    exportSft,
    assistantTurn,
    datasetStats,
    type StoredExamples,
    type SftRecord,
    type SftExport,
    type DatasetStats
} from "./trainingDataset.js";
